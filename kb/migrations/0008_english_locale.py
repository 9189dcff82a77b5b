"""The English locale, so editors can translate pages for the English site (/en/)."""

from django.db import migrations


def forward(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    Locale.objects.get_or_create(language_code="en")


def backward(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    if not Page.objects.filter(locale__language_code="en").exists():
        Locale.objects.filter(language_code="en").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0007_answer_kind"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forward, backward)]
