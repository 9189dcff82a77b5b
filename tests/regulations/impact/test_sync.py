"""Citation links of published pages: citations not yet registered, links promoted
when the regulation is published, flags closed when a citation goes, and the deferred
sync of bulk imports."""

import pytest
from django.urls import reverse

from regulations.impact.sync import page_sync_deferred
from regulations.models import PageRegulationLink, ReviewFlag, UnregisteredCitation
from tests.factories import ArticlePageFactory
from tests.regulations.impact.support import D, make_regulation, revoke, run_job


def test_removing_the_citation_closes_its_flag(article, pmk23, pmk44):
    revoke(pmk23, pmk44)
    run_job("2020-05-01")

    article.body = "Insentif ini kini diatur dalam PMK 44/PMK.03/2020."
    article.save_revision().publish()

    assert not ReviewFlag.objects.open().exists()


def test_unregistered_report_groups_citations_with_their_pages(
    client, topic, editor, db
):
    for title in ("Pendaftaran NPWP", "Coretax"):
        page = ArticlePageFactory(parent=topic, title=title, body="Lihat PMK 81/2024.")
        page.save_revision().publish()
    other = ArticlePageFactory(parent=topic, title="Bea meterai", body="PP 99/2030")
    other.save_revision().publish()
    client.force_login(editor)

    response = client.get(reverse("regulation_impact:unregistered"))

    assert response.status_code == 200
    rows = response.context["object_list"]
    assert [(row["label"], row["pages_count"]) for row in rows] == [
        ("Peraturan Menteri Keuangan Nomor 81 Tahun 2024", 2),
        ("Peraturan Pemerintah Nomor 99 Tahun 2030", 1),
    ]
    assert [p.title for p in rows[0]["pages"]] == ["Coretax", "Pendaftaran NPWP"]
    html = response.content.decode()
    assert "Dikutip tetapi belum terdaftar" in html
    assert "Coretax" in html

    export = client.get(reverse("regulation_impact:unregistered") + "?export=csv")
    lines = export.getvalue().decode().splitlines()
    assert lines[1].startswith(
        "Peraturan Menteri Keuangan Nomor 81 Tahun 2024,PMK,81,2024,2,"
    )


def test_publishing_the_regulation_links_waiting_citations(topic, db):
    page = ArticlePageFactory(parent=topic, body="Lihat PMK 81/2024.")
    page.save_revision().publish()
    assert UnregisteredCitation.objects.filter(page=page).exists()
    pmk81 = make_regulation("PMK", 81, 2024, live=False)

    pmk81.save_revision().publish()

    assert not UnregisteredCitation.objects.exists()
    assert PageRegulationLink.objects.get(page=page).regulation == pmk81


def test_deferred_sync_links_citations_when_the_block_ends(topic, pmk23, pmk44):
    cited = ArticlePageFactory(
        parent=topic, slug="tertunda", body="Lihat PMK 44/PMK.03/2020."
    )
    with page_sync_deferred():
        cited.save_revision().publish()
        assert not PageRegulationLink.objects.filter(page=cited).exists()
    assert list(
        PageRegulationLink.objects.filter(page=cited).values_list(
            "regulation_id", flat=True
        )
    ) == [pmk44.pk]


def test_deferred_sync_closes_flags_the_new_review_date_covers(article, pmk23, pmk44):
    revoke(pmk23, pmk44)
    run_job("2020-05-01")
    assert ReviewFlag.objects.open().filter(page=article).count() == 1
    article.reviewed_on = D(2020, 5, 2)
    with page_sync_deferred():
        article.save_revision().publish()
        assert ReviewFlag.objects.open().filter(page=article).count() == 1
    assert ReviewFlag.objects.open().filter(page=article).count() == 0


def test_deferred_sync_is_dropped_when_the_block_fails(topic, pmk44):
    cited = ArticlePageFactory(parent=topic, slug="gagal", body="PMK 44/PMK.03/2020")
    with pytest.raises(RuntimeError), page_sync_deferred():
        cited.save_revision().publish()
        raise RuntimeError("impor gagal")
    assert not PageRegulationLink.objects.filter(page=cited).exists()
