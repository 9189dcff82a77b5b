"""Editors' tools: the synonym snippet and the search analytics report."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query
from wagtail.test.utils.form_data import nested_form_data

from search.models import SearchClick, SearchLog, Synonym

pytestmark = pytest.mark.django_db


def test_synonym_is_created_from_the_snippet_admin(admin_client):
    url = reverse("wagtailsnippets_search_synonym:add")
    response = admin_client.post(
        url,
        nested_form_data({"terms": "SKD, surat keterangan domisili", "active": "on"}),
    )
    assert response.status_code == 302
    assert Synonym.objects.filter(terms="SKD, surat keterangan domisili").exists()


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("NPWP", "Isi paling sedikit dua kata atau frasa"),
        ("yang, NPWP", "“yang” hanya berisi kata umum"),
    ],
)
def test_synonym_with_one_phrase_or_only_stop_words_is_refused(
    admin_client, terms, message
):
    url = reverse("wagtailsnippets_search_synonym:add")
    response = admin_client.post(
        url, nested_form_data({"terms": terms, "active": "on"})
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["terms"]
    assert message in errors[0]
    assert not Synonym.objects.filter(terms=terms).exists()


def _log(query: str, results: int, day: datetime.date, clicks: tuple[int, ...] = ()):
    entry = SearchLog.objects.create(
        query=Query.get(query), results=results, searched_on=day
    )
    for position in clicks:
        SearchClick.objects.create(search=entry, position=position, url="/x/")
    return entry


def test_analytics_report_lists_failing_and_unclicked_queries(admin_client):
    today = datetime.date.today()
    _log("lupa efin", 3, today, clicks=(1,))
    _log("lupa efin", 3, today, clicks=(2,))
    _log("kucing", 0, today)
    _log("tarif ppn", 5, today)
    _log("lama sekali", 0, today - datetime.timedelta(days=400))
    response = admin_client.get(reverse("search_analytics"))
    assert response.status_code == 200
    context = response.context
    assert context["searches"] == 4
    assert context["top_queries"][0]["query__query_string"] == "lupa efin"
    assert context["top_queries"][0]["ctr"] == 100.0
    assert [r["query__query_string"] for r in context["zero_results"]] == ["kucing"]
    assert [r["query__query_string"] for r in context["without_click"]] == ["tarif ppn"]
    assert [(r["position"], r["clicks"]) for r in context["positions"]] == [
        (1, 1),
        (2, 1),
    ]
    assert context["positions"][0]["ctr"] == round(100 / 3, 1)
    assert "lama sekali" not in response.content.decode()


def test_analytics_period_errors_are_shown_on_the_field(admin_client):
    response = admin_client.get(
        reverse("search_analytics"), {"start": "2026-02-01", "end": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "Tanggal awal (2026-02-01) sesudah tanggal akhir (2026-01-01)" in (
        response.content.decode()
    )


def test_analytics_needs_the_permission(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x")
    editors = Group.objects.create(name="Penyunting")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)
    refused = client.get(reverse("search_analytics"))
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    editors.permissions.add(Permission.objects.get(codename="view_searchlog"))
    editor = django_user_model.objects.get(pk=editor.pk)
    client.force_login(editor)
    assert client.get(reverse("search_analytics")).status_code == 200


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/admin/pencarian/analitik/", "Analitik pencarian"),
        ("/admin/pencarian/sinyal-pembaca/", "Sinyal dari pembaca"),
    ],
)
def test_search_screens_have_their_title_as_the_main_heading(admin_client, url, title):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(admin_client.get(url).content, "html.parser")

    assert page.find("h1").get_text(strip=True) == title
