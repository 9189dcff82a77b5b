"""Through the real front (Varnish from deploy/) and gunicorn with production
settings: what readers share, what editors bypass, and that a change reaches readers
at once (issue 14)."""

import datetime
import time

import pytest
import requests
from django.core.management import call_command
from django.utils import timezone

from kb.models import ArticlePage
from tests.factories import ArticlePageFactory
from tests.regulations.factories import RegulationFactory

pytestmark = [
    pytest.mark.frontcache,
    pytest.mark.infrastructure,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def get(stack, path: str, **kwargs) -> requests.Response:
    return requests.get(stack.front + path, timeout=10, **kwargs)


def cached_twice(stack, path: str) -> requests.Response:
    """Read a path twice through the front; the second answer must be a cache hit."""
    first = get(stack, path)
    assert first.status_code == 200, stack.log("gunicorn")
    second = get(stack, path)
    assert second.headers["X-Cache"] == "HIT", second.headers
    return second


def publish(page, **changes) -> None:
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_a_published_change_reaches_readers_through_the_front_within_a_second(
    purging, topic
):
    article = ArticlePageFactory(
        parent=topic, title="Lupa EFIN", slug="lupa-efin", body="Versi pertama."
    )
    assert "Versi pertama." in cached_twice(purging, article.url).text
    listing = cached_twice(purging, topic.url)
    assert "Lupa EFIN" in listing.text

    started = time.monotonic()
    publish(
        ArticlePage.objects.get(pk=article.pk), title="Lupa EFIN?", body="Versi kedua."
    )
    while "Versi kedua." not in (fresh := get(purging, article.url)).text:
        assert time.monotonic() - started < 1.0, "the new text took over a second"
        time.sleep(0.05)
    assert time.monotonic() - started < 1.0
    assert "Versi pertama." not in fresh.text
    # The parent's listing was purged too, and both are shared again afterwards.
    assert "Lupa EFIN?" in get(purging, topic.url).text
    assert get(purging, article.url).headers["X-Cache"] == "HIT"


def test_unpublishing_a_page_removes_it_and_its_listing_entry_from_the_front(
    purging, topic
):
    article = ArticlePageFactory(parent=topic, title="Daftar NPWP", slug="daftar-npwp")
    cached_twice(purging, article.url)
    cached_twice(purging, "/sitemap.xml")
    ArticlePage.objects.get(pk=article.pk).unpublish()
    assert get(purging, article.url).status_code == 404
    assert "Daftar NPWP" not in get(purging, topic.url).text
    assert article.url not in get(purging, "/sitemap.xml").text


def test_a_moved_page_is_gone_from_its_old_address(purging, home_page, topic):
    from tests.factories import TopicIndexPageFactory

    other = TopicIndexPageFactory(parent=home_page, title="SPT", slug="spt")
    article = ArticlePageFactory(parent=topic, title="Lapor SPT", slug="lapor-spt")
    old_url = article.url
    cached_twice(purging, old_url)
    ArticlePage.objects.get(pk=article.pk).move(other, pos="last-child")
    # Not the cached page: Wagtail's automatic redirect to the new address.
    moved = get(purging, old_url, allow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith("/spt/lapor-spt/")
    assert get(purging, "/spt/lapor-spt/").status_code == 200


def test_search_answers_are_shared_briefly_without_cookies_and_purged_on_publish(
    purging, topic
):
    ArticlePageFactory(parent=topic, title="Lupa EFIN", slug="lupa-efin")
    path = "/api/search/?q=efin"
    first = get(purging, path)
    assert first.status_code == 200
    assert "s-maxage=" in first.headers["Cache-Control"]
    assert first.headers["Vary"] == "Accept-Encoding"
    # A reader's own cookies do not split or bypass the shared answer.
    again = get(purging, path, cookies={"csrftoken": "abc", "_ga": "x"})
    assert again.headers["X-Cache"] == "HIT"
    assert again.json()["total"] == first.json()["total"]
    assert get(purging, "/api/search/suggest/?q=ef").status_code == 200
    assert get(purging, "/api/search/suggest/?q=ef").headers["X-Cache"] == "HIT"

    new = ArticlePageFactory(parent=topic, title="EFIN untuk badan", slug="efin-badan")
    publish(new)
    answer = get(purging, path)
    assert answer.headers["X-Cache"] == "MISS"
    assert answer.json()["total"] == first.json()["total"] + 1


def test_editors_and_the_admin_bypass_the_front(purging, topic):
    article = ArticlePageFactory(parent=topic, slug="lupa-efin")
    cached_twice(purging, article.url)
    editor = {"sessionid": "an-editor-session"}
    for _ in range(2):
        response = get(purging, article.url, cookies=editor)
        assert response.headers["X-Cache"] == "MISS"
    for _ in range(2):
        login = get(purging, "/admin/login/")
        assert login.status_code == 200
        assert login.headers["X-Cache"] == "MISS"
    assert "no-cache" in login.headers["Cache-Control"]


def test_feedback_posted_through_the_front_is_stored_and_a_page_sets_no_cookie(
    purging, topic
):
    article = ArticlePageFactory(parent=topic, slug="lupa-efin")
    page = get(purging, article.url)
    assert "Set-Cookie" not in page.headers
    assert "csrfmiddlewaretoken" not in page.text
    response = requests.post(
        f"{purging.front}/umpan-balik/{article.pk}/",
        data={"helpful": "ya", "comment": ""},
        headers={"Accept": "application/json", "Origin": purging.front},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    assert response.json()["ok"] is True
    assert article.feedback.count() == 1


def test_the_midnight_impact_check_purges_pages_whose_cited_regulation_changed(
    purging, topic
):
    today = timezone.localdate()
    RegulationFactory(type="PMK", number=81, year=2024, effective_on=today)
    article = ArticlePageFactory(
        parent=topic,
        slug="pmk-81",
        reviewed_on=None,
        body="Ketentuan PMK 81/2024 berlaku.",
    )
    publish(article)  # publishing links the page to the regulation it cites
    assert "badge" in cached_twice(purging, article.url).text
    call_command("check_regulation_impact", "--now", "--on", today.isoformat())
    assert get(purging, article.url).headers["X-Cache"] == "MISS"
    # A day without a change purges nothing.
    tomorrow = today + datetime.timedelta(days=1)
    cached_twice(purging, article.url)
    call_command("check_regulation_impact", "--now", "--on", tomorrow.isoformat())
    assert get(purging, article.url).headers["X-Cache"] == "HIT"
