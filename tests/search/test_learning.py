"""Learning from taxpayers (issue 11): clicks weighed against their position, feedback
per page, and the safeguards (minimum evidence, decay, bounds, reset)."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from kb.models import ArticleFeedback
from search import queries
from search.actions import search_log_record
from search.learning import (
    MAX_FACTOR,
    learned_signals_refresh,
    learning_reset,
)
from search.models import LearnedSignal, SearchClick, SearchLog
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2027, 3, 15, 12, 0))
QUERY = "lapor spt tahunan"


@pytest.fixture
def pages(topic, settings):
    settings.SEARCH_BACKEND = "default"
    made = {
        slug: ArticlePageFactory(parent=topic, slug=slug, title=title, body=body)
        for slug, title, body in [
            (
                "efiling",
                "Lapor SPT Tahunan lewat e-Filing",
                "Lapor SPT Tahunan di DJP Online.",
            ),
            (
                "coretax",
                "Lapor SPT Tahunan di Coretax",
                "Lapor SPT Tahunan orang pribadi melalui Coretax.",
            ),
            ("lain", "Kode billing", "Membuat kode billing."),
        ]
    }
    call_command("update_index", backend_name="default", verbosity=0)
    return made


def searches(shown, clicked_positions, *, count, days_ago=1, query=QUERY):
    """`count` logged searches that showed `shown` (pages) and got these clicks."""
    at = NOW - datetime.timedelta(days=days_ago)
    for _ in range(count):
        log_id = search_log_record(
            query=query,
            results=len(shown),
            shown=",".join(str(page.pk) for page in shown),
            at=at,
        )
        for position in clicked_positions:
            SearchClick.objects.create(
                search_id=log_id, position=position, url=shown[position - 1].url
            )


def factor(page, query=QUERY) -> float | None:
    row = LearnedSignal.objects.filter(query_string=query, page=page).first()
    return row.factor if row else None


def test_a_search_logs_the_pages_it_showed(pages):
    outcome = queries.search(QUERY)
    log = SearchLog.objects.get(pk=outcome.log_id)
    assert log.shown.split(",") == [str(hit.page_id) for hit in outcome.hits]


def test_clicks_beyond_what_a_position_brings_raise_a_page(pages):
    first, second = pages["efiling"], pages["coretax"]
    # Readers skip the first result and open the second.
    searches([first, second], [2], count=30)
    # Other queries set what each position usually brings: the first is opened.
    searches([pages["lain"], first], [1], count=60, query="kode billing")
    report = learned_signals_refresh(now=NOW)
    assert report.searches == 90
    assert factor(second) > 1.1
    assert factor(first) < 1
    assert factor(second) <= MAX_FACTOR
    # It changes the first result, and says so.
    assert LearnedSignal.objects.filter(query_string=QUERY, changes_top=True).exists()
    assert queries.search(QUERY, log=False).hits[0].slug == "coretax"
    assert queries.search(QUERY, log=False, learned=False).hits[0].slug == "efiling"


def test_the_first_result_clicked_as_often_as_usual_gains_nothing(pages):
    """No runaway loop: being first brings clicks, not credit."""
    first, second = pages["efiling"], pages["coretax"]
    searches([first, second], [1], count=40)
    searches([pages["lain"], first], [1], count=40, query="kode billing")
    learned_signals_refresh(now=NOW)
    assert factor(first) is None or factor(first) < 1.05


def test_too_little_evidence_teaches_nothing(pages):
    searches([pages["efiling"], pages["coretax"]], [2], count=4)
    learned_signals_refresh(now=NOW)
    assert not LearnedSignal.objects.exists()


def test_old_evidence_fades_and_then_stops_counting(pages):
    first, second = pages["efiling"], pages["coretax"]
    searches([first, second], [2], count=30, days_ago=200)
    learned_signals_refresh(now=NOW)
    assert not LearnedSignal.objects.exists()
    searches([first, second], [2], count=30, days_ago=90)  # three half-lives ago
    learned_signals_refresh(now=NOW)
    assert not LearnedSignal.objects.exists()  # decayed below the minimum evidence


def test_reset_forgets_a_query_and_the_logs_before_it(pages):
    first, second = pages["efiling"], pages["coretax"]
    searches([first, second], [2], count=30)
    learned_signals_refresh(now=NOW)
    assert factor(second) > 1
    assert learning_reset(query="Lapor SPT Tahunan", now=NOW) >= 1
    assert factor(second) is None
    learned_signals_refresh(now=NOW + datetime.timedelta(minutes=1))
    assert factor(second) is None


def test_unhelpful_pages_sink_a_little_on_every_query(pages):
    page = pages["efiling"]
    for n in range(12):
        ArticleFeedback.objects.create(
            page=page,
            helpful=False,
            client_hash=f"v{n}",
            created_at=NOW - datetime.timedelta(days=2),
        )
    learned_signals_refresh(now=NOW)
    assert factor(page, query="") == pytest.approx(0.9)
    assert queries.search(QUERY, log=False).hits[0].slug == "coretax"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")
    group = Group.objects.get(name="Editors")
    user.groups.add(group)
    return user


def test_editors_see_the_signals_and_reset_them(client, pages, editor):
    searches([pages["efiling"], pages["coretax"]], [2], count=30)
    learned_signals_refresh(now=NOW)
    client.force_login(editor)
    assert client.get("/admin/pencarian/sinyal-pembaca/").status_code == 302  # no perm
    editor.user_permissions.add(
        Permission.objects.get(codename="view_learnedsignal"),
        Permission.objects.get(codename="delete_learnedsignal"),
        Permission.objects.get(codename="access_admin"),
    )
    response = client.get("/admin/pencarian/sinyal-pembaca/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lapor SPT Tahunan di Coretax" in html
    assert "mengubah hasil pertama" in html
    response = client.post("/admin/pencarian/sinyal-pembaca/", {"query": QUERY})
    assert response.status_code == 302
    assert not LearnedSignal.objects.filter(query_string=QUERY).exists()
