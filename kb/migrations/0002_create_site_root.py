"""Create the KB home as the site root, the audience groups and the review workflow names."""

from django.db import migrations

AUDIENCES = [
    ("orang-pribadi", "Orang Pribadi"),
    ("badan", "Badan"),
    ("bendahara", "Bendahara"),
    ("pkp", "Pengusaha Kena Pajak (PKP)"),
]
WORKFLOW_NAME = "Draf → Tinjauan → Terbit"
TASK_NAME = "Tinjauan"


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("kb.HomePage")
    AudienceGroup = apps.get_model("kb.AudienceGroup")
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")

    for slug, name in AUDIENCES:
        AudienceGroup.objects.get_or_create(slug=slug, defaults={"name": name})

    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="kb")
    if not HomePage.objects.exists():
        Locale = apps.get_model("wagtailcore.Locale")
        locale = Locale.objects.order_by("pk").first() or Locale.objects.create(language_code="id")
        home = HomePage.objects.create(
            title="Tax Knowledge Base",
            draft_title="Tax Knowledge Base",
            slug="tkb",
            content_type=home_type,
            path="00010001",
            depth=2,
            numchild=0,
            url_path="/tkb/",
            live=True,
            locale=locale,
            intro="Panduan resmi layanan perpajakan: cari jawaban, ikuti langkahnya, dan temukan dasar hukumnya.",
        )
        Page.objects.filter(depth=1).update(numchild=1)
        Site.objects.all().delete()
        Site.objects.create(
            hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True,
            site_name="Tax Knowledge Base DJP",
        )

    Workflow.objects.filter(name="Moderators approval").update(name=WORKFLOW_NAME)
    Task.objects.filter(name="Moderators approval").update(name=TASK_NAME)


def backward(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")
    Workflow.objects.filter(name=WORKFLOW_NAME).update(name="Moderators approval")
    Task.objects.filter(name=TASK_NAME).update(name="Moderators approval")
    apps.get_model("kb.HomePage").objects.filter(depth=2).delete()
    apps.get_model("kb.AudienceGroup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forward, backward)]
