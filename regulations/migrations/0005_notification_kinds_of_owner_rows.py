"""Notifications recorded for a service's owner before kinds existed carry the event
"service:<page id>": mark them as lapsed-basis notifications of that page, so one still
waiting for its e-mail is sent with the owner's wording."""

from django.db import migrations


def mark_owner_rows(apps, schema_editor):
    RegulationNotification = apps.get_model("regulations", "RegulationNotification")
    Page = apps.get_model("wagtailcore", "Page")
    rows = RegulationNotification.objects.filter(event__startswith="service:")
    page_ids = {
        int(event.removeprefix("service:"))
        for event in rows.values_list("event", flat=True)
        if event.removeprefix("service:").isdigit()
    }
    for page_id in Page.objects.filter(pk__in=page_ids).values_list("pk", flat=True):
        rows.filter(event=f"service:{page_id}").update(
            kind="basis_lapsed", page_id=page_id
        )


class Migration(migrations.Migration):
    dependencies = [("regulations", "0004_notification_kinds")]

    operations = [
        migrations.RunPython(mark_owner_rows, migrations.RunPython.noop),
    ]
