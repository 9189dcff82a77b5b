"""pages_create_published leaves the database as add_child + save_revision().publish()."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published

from kb.models import ArticlePage, AudienceGroup
from kb.publishing import pages_create_published
from regulations.models import PageRegulationLink
from tests.factories import FAQPageFactory, TopicIndexPageFactory
from tests.regulations.factories import RegulationFactory

pytestmark = pytest.mark.django_db


def new_article(slug: str, *, tags=("npwp", "coretax"), audience="orang-pribadi"):
    page = ArticlePage(
        title="Cara daftar NPWP",
        slug=slug,
        summary="Ringkasan.",
        body="Isi artikel, merujuk PMK 81 Tahun 2024.",
        reviewed_on=datetime.date(2025, 1, 6),
    )
    page.tags.set(list(tags))
    page.audiences.set([AudienceGroup.objects.get(slug=audience)])
    return page


def state(page: Page) -> dict:
    """What an editor or the public site can observe of a published article."""
    page = ArticlePage.objects.get(pk=page.pk)
    revision = page.latest_revision
    restored = revision.as_object()
    return {
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "depth": page.depth,
        "url_path_tail": page.url_path.rsplit("/", 2)[-2],
        "revisions": Revision.objects.filter(object_id=str(page.pk)).count(),
        "live_is_latest": page.live_revision_id == revision.pk,
        "dates_set": all(
            (
                page.first_published_at,
                page.last_published_at,
                page.latest_revision_created_at,
            )
        ),
        "draft_title": page.draft_title,
        "tags": sorted(page.tags.names()),
        "audiences": sorted(page.audiences.values_list("slug", flat=True)),
        "revision_title": restored.title,
        "revision_tags": sorted(t.tag.name for t in restored.tagged_items.all()),
        "revision_audiences": sorted(a.slug for a in restored.audiences.all()),
        "log": list(
            PageLogEntry.objects.filter(page_id=page.pk)
            .order_by("pk")
            .values_list("action", flat=True)
        ),
    }


def test_bulk_pages_match_pages_published_the_wagtail_way(client, topic):
    wagtail_way = new_article("cara-wagtail")
    topic.add_child(instance=wagtail_way)
    wagtail_way.save_revision().publish()

    bulk = new_article("cara-bulk")
    pages_create_published(entries=[(topic, bulk)])

    expected = state(wagtail_way)
    got = state(bulk)
    assert got.pop("url_path_tail") == "cara-bulk"
    expected.pop("url_path_tail")
    assert got == expected
    assert expected["log"] == ["wagtail.create", "wagtail.publish"]
    assert Page.find_problems() == ([], [], [], [], [])
    assert client.get(bulk.url).status_code == 200


def test_many_pages_under_several_parents_keep_the_tree_valid(home_page, topic):
    other = TopicIndexPageFactory(parent=home_page, title="SPT", slug="spt")
    FAQPageFactory(parent=topic, title="Tanya NPWP", slug="tanya-npwp")
    entries = [(topic if i % 2 else other, new_article(f"a-{i}")) for i in range(9)]

    revisions = pages_create_published(entries=entries)

    assert len(revisions) == 9
    assert Page.find_problems() == ([], [], [], [], [])
    assert topic.get_children().count() == 1 + 4
    assert other.get_children().count() == 5
    assert Page.objects.get(pk=topic.pk).numchild == 5
    # The tree stays usable by Wagtail's own methods afterwards.
    later = new_article("sesudahnya")
    topic.add_child(instance=later)
    assert Page.find_problems() == ([], [], [], [], [])
    assert [p.slug for p in topic.get_children()][-1] == "sesudahnya"


def test_taken_or_repeated_slugs_write_nothing(topic):
    FAQPageFactory(parent=topic, title="Tanya", slug="sudah-ada")
    taken_entries = [(topic, new_article("baru")), (topic, new_article("sudah-ada"))]
    twins = [(topic, new_article("kembar")), (topic, new_article("kembar"))]
    counts = (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
    )

    with pytest.raises(ValidationError) as taken:
        pages_create_published(entries=taken_entries)
    with pytest.raises(ValidationError) as repeated:
        pages_create_published(entries=twins)

    assert "sudah-ada" in str(taken.value.message_dict["slug"])
    assert "kembar" in str(repeated.value.message_dict["slug"])
    assert counts == (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
    )


def test_publish_signals_reach_receivers_so_citations_are_linked(topic):
    pmk = RegulationFactory(type="PMK", number=81, year=2024)
    seen = []

    def receiver(sender, instance, revision, **kwargs):
        seen.append((instance.slug, revision.pk))

    page_published.connect(receiver)
    try:
        revisions = pages_create_published(
            entries=[(topic, new_article("satu")), (topic, new_article("dua"))]
        )
    finally:
        page_published.disconnect(receiver)

    assert seen == [("satu", revisions[0].pk), ("dua", revisions[1].pk)]
    assert PageRegulationLink.objects.filter(regulation=pmk).count() == 2


def test_refuses_saved_or_mixed_pages(topic):
    saved = new_article("tersimpan")
    topic.add_child(instance=saved)
    with pytest.raises(ValueError):
        pages_create_published(entries=[(topic, saved)])
