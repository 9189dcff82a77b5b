"""The legal team ("Tim Hukum") writes drafts (rancangan) as it writes regulations;
editors and moderators may view them. The end of an incentive period recorded as
`ends_on` on the demo's COVID-19 incentive PMKs becomes a time-limited provision, since
the regulations themselves stayed in force (reversible)."""

from django.db import migrations

GROUP_NAME = "Tim Hukum"
READ_ONLY_GROUPS = ["Editors", "Moderators"]
MODELS = ["regulationdraft"]
ACTIONS = ["add", "change", "delete", "view"]
# (type, number, year): the incentive periods wrongly entered as the regulation's end.
INCENTIVE_PMKS = [("PMK", 86, 2020), ("PMK", 9, 2021), ("PMK", 3, 2022)]
PERIOD_LABEL = "Masa insentif"


def _permissions(apps, model, actions):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="regulations", model=model
    )
    return [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model}",
            defaults={"name": f"Can {action} {model}"},
        )[0]
        for action in actions
    ]


def forward(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Regulation = apps.get_model("regulations", "Regulation")
    RegulationPeriod = apps.get_model("regulations", "RegulationPeriod")
    legal, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for model in MODELS:
        legal.permissions.add(*_permissions(apps, model, ACTIONS))
        for group in Group.objects.filter(name__in=READ_ONLY_GROUPS):
            group.permissions.add(*_permissions(apps, model, ["view"]))
    for kind, number, year in INCENTIVE_PMKS:
        regulation = Regulation.objects.filter(
            type=kind, number=number, year=year, ends_on__isnull=False
        ).first()
        if regulation is None:
            continue
        RegulationPeriod.objects.create(
            regulation=regulation,
            label=PERIOD_LABEL,
            starts_on=regulation.effective_on,
            ends_on=regulation.ends_on,
            sort_order=0,
        )
        Regulation.objects.filter(pk=regulation.pk).update(ends_on=None)


def backward(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Regulation = apps.get_model("regulations", "Regulation")
    RegulationPeriod = apps.get_model("regulations", "RegulationPeriod")
    for kind, number, year in INCENTIVE_PMKS:
        period = RegulationPeriod.objects.filter(
            regulation__type=kind,
            regulation__number=number,
            regulation__year=year,
            label=PERIOD_LABEL,
        ).first()
        if period is None:
            continue
        Regulation.objects.filter(pk=period.regulation_id).update(ends_on=period.ends_on)
        period.delete()
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    for group in Group.objects.filter(name__in=[GROUP_NAME, *READ_ONLY_GROUPS]):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="regulations", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0006_periods_drafts_unknown_status"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
