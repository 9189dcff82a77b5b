"""One feedback answer per visitor, page and day, as a database constraint.

Existing answers get the day they were sent; where one visitor answered a page twice on
one day (possible before, with concurrent posts), the first answer is kept.
"""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _set_days_and_keep_first(apps, schema_editor):
    ArticleFeedback = apps.get_model("kb", "ArticleFeedback")
    seen = set()
    duplicates = []
    for row in ArticleFeedback.objects.order_by("created_at", "pk").iterator():
        row.day = django.utils.timezone.localdate(row.created_at)
        key = (row.page_id, row.client_hash, row.day)
        if key in seen:
            duplicates.append(row.pk)
            continue
        seen.add(key)
        row.save(update_fields=["day"])
    ArticleFeedback.objects.filter(pk__in=duplicates).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('kb', '0004_move_service_catalogue'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='articlefeedback',
            name='day',
            field=models.DateField(default=django.utils.timezone.localdate, editable=False, verbose_name='tanggal'),
        ),
        migrations.RunPython(_set_days_and_keep_first, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='articlefeedback',
            constraint=models.UniqueConstraint(fields=('page', 'client_hash', 'day'), name='kb_feedback_one_per_visitor_page_day'),
        ),
    ]
