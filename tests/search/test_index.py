"""The search documents follow the content: update_index, publish, unpublish, move, delete."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from kb.models import FAQItem
from search import queries
from search.documents import markdown_plain_text
from search.models import IndexStats, IndexTerm, SearchDocument

pytestmark = pytest.mark.django_db


def keys() -> set[str]:
    return set(SearchDocument.objects.values_list("key", flat=True))


def test_update_index_writes_one_document_per_hit(corpus):
    faq_items = [f"faq:{corpus.faq.pk}:{item.pk}" for item in corpus.faq.items.all()]
    expected = {
        *(f"page:{page.pk}" for page in corpus.articles.values()),
        *faq_items,
        f"page:{corpus.service.pk}",
        f"regulation:{corpus.regulations['per-4-2020'].pk}",
        f"regulation:{corpus.regulations['pmk-23-2020'].pk}",
    }
    assert keys() == expected  # the draft regulation and topic pages are left out
    stats = IndexStats.objects.get()
    assert stats.documents == len(expected)
    assert IndexTerm.objects.get(kind="t", text="efin").documents == 2
    assert IndexTerm.objects.get(kind="w", text="pengembalian").documents == 1


def test_documents_carry_analysed_terms_topic_and_audiences(corpus):
    document = SearchDocument.objects.get(key=f"page:{corpus.articles['lupa-efin'].pk}")
    assert document.title_terms == "lupa efin dapat kembali"
    assert document.topic_id == corpus.topics["efin"].pk
    assert set(document.audiences.split()) == {"orang-pribadi", "badan"}
    regulation = SearchDocument.objects.get(kind="peraturan", slug="per-4-2020")
    assert regulation.title.startswith("PER-04/PJ/2020 tentang")


def test_update_index_writes_a_batch_grouped_by_topic(corpus):
    """Articles created topic after topic and back (SPT, EFIN, …, SPT again) are
    written with each topic's documents together, so a query's matches, which mostly
    share a topic, sit on few table pages."""
    articles = sorted(corpus.articles.values(), key=lambda page: page.pk)
    rows = SearchDocument.objects.filter(
        key__in=[f"page:{page.pk}" for page in articles]
    ).order_by("id")
    topic_of = dict(rows.values_list("key", "topic_id"))
    created = [topic_of[f"page:{page.pk}"] for page in articles]
    written = list(rows.values_list("topic_id", flat=True))

    def runs(topics):
        return sum(
            1 for i, topic in enumerate(topics) if i == 0 or topic != topics[i - 1]
        )

    assert runs(created) > len(set(created))  # the fixture interleaves topics
    assert sorted(written) == sorted(created)
    assert runs(written) == len(set(written))


def test_update_index_drops_documents_of_vanished_objects(corpus):
    SearchDocument.objects.create(
        key="page:999999", owner="page:999999", kind="artikel", title="Hantu", url="/x/"
    )
    call_command(
        "update_index", backend_name="default", verbosity=0, stdout=io.StringIO()
    )
    assert "page:999999" not in keys()
    assert IndexStats.objects.get().documents == SearchDocument.objects.count()


def test_publishing_a_new_faq_question_makes_it_searchable(corpus):
    faq = corpus.faq
    faq.items.add(
        FAQItem(
            question="Berapa lama sertifikat elektronik berlaku?", answer="Dua tahun."
        )
    )
    revision = faq.save_revision()  # a draft is not searchable yet
    draft = queries.search("berapa lama sertifikat berlaku", log=False)
    assert "Berapa lama sertifikat elektronik berlaku?" not in [
        hit.title_text for hit in draft.hits
    ]
    revision.publish()
    outcome = queries.search("berapa lama sertifikat berlaku", log=False)
    assert outcome.hits[0].title_text == "Berapa lama sertifikat elektronik berlaku?"
    assert outcome.hits[0].url.startswith(faq.url + "#berapa-lama")


def test_unpublished_page_leaves_search_and_vocabulary(corpus):
    article = corpus.articles["paket"]
    assert IndexTerm.objects.filter(kind="w", text="kilogram").exists()
    article.unpublish()
    assert f"page:{article.pk}" not in keys()
    assert not IndexTerm.objects.filter(kind="w", text="kilogram").exists()
    assert "paket" not in [hit.slug for hit in queries.search("paket", log=False).hits]


def test_deleted_page_leaves_search(corpus):
    article = corpus.articles["restitusi"]
    pk = article.pk
    article.delete()
    assert f"page:{pk}" not in keys()


def test_private_page_leaves_search(corpus):
    article = corpus.articles["keberatan"]
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="rahasia"
    )
    assert f"page:{article.pk}" not in keys()


def test_moved_article_gets_its_new_url_and_topic(corpus):
    article = corpus.articles["paket"]
    article.move(corpus.topics["npwp"], pos="last-child")
    document = SearchDocument.objects.get(key=f"page:{article.pk}")
    assert document.url == "/npwp/paket/"
    assert document.topic_id == corpus.topics["npwp"].pk


def test_unpublished_regulation_leaves_search(corpus):
    regulation = corpus.regulations["pmk-23-2020"]
    regulation.live = False
    regulation.save()
    assert f"regulation:{regulation.pk}" not in keys()


def test_markdown_plain_text_keeps_words_and_drops_syntax():
    text = markdown_plain_text(
        "## Judul\n\n1. Buka **DJP Online** di [pajak.go.id](https://pajak.go.id).\n"
        "| a | b |\n|---|---|\n| NPWP | 15 digit |\n\nCatatan[^1] &amp; <b>tebal</b>\n"
        "\n[^1]: PMK-81/2024.\n[ref]: https://pajak.go.id\n"
    )
    assert text == (
        "Judul\nBuka DJP Online di pajak.go.id.\na b\nNPWP 15 digit\n"
        "Catatan & tebal\nPMK-81/2024."
    )
