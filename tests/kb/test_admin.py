"""Editors' view of reader feedback: the read-only reports and the article listing counts."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.factories import ArticleFeedbackFactory, ArticlePageFactory

REPORT_URL = "/admin/reports/umpan-balik/"
COUNTS_URL = "/admin/reports/umpan-balik/per-halaman/"


@pytest.fixture
def feedback(topic):
    """Two articles: 'NPWP' with one yes and one commented no; 'SPT' with one yes."""
    npwp = ArticlePageFactory(parent=topic, title="Cara daftar NPWP")
    spt = ArticlePageFactory(parent=topic, title="Cara lapor SPT")
    ArticleFeedbackFactory(page=npwp, helpful=True)
    ArticleFeedbackFactory(page=npwp, helpful=False, comment="Langkah 3 kurang jelas")
    ArticleFeedbackFactory(page=spt, helpful=True, comment="Sangat membantu")
    return npwp, spt


@pytest.fixture
def editor(django_user_model):
    """A Wagtail admin user who may log in but has no feedback permission."""
    user = django_user_model.objects.create_user("editor", password="rahasia")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return user


def test_report_urls_are_named():
    assert reverse("kb_feedback_report:index") == REPORT_URL
    assert reverse("kb_feedback_report:counts") == COUNTS_URL


def test_feedback_report_lists_answers_for_a_superuser(admin_client, feedback):
    response = admin_client.get(REPORT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Umpan balik pembaca" in html
    assert "Langkah 3 kurang jelas" in html
    assert "Sangat membantu" in html
    rows = [(f.page.title, f.helpful) for f in response.context["object_list"]]
    assert sorted(rows) == [
        ("Cara daftar NPWP", False),
        ("Cara daftar NPWP", True),
        ("Cara lapor SPT", True),
    ]


@pytest.mark.parametrize(
    ("query", "comments"),
    [
        ({"helpful": "false"}, ["Langkah 3 kurang jelas"]),
        ({"has_comment": "true"}, ["Langkah 3 kurang jelas", "Sangat membantu"]),
        ({"has_comment": "false", "helpful": "true"}, [""]),
    ],
)
def test_feedback_report_filters(admin_client, feedback, query, comments):
    response = admin_client.get(REPORT_URL, query)
    assert response.status_code == 200
    assert sorted(f.comment for f in response.context["object_list"]) == comments


def test_feedback_report_filters_by_page(admin_client, feedback):
    _npwp, spt = feedback
    response = admin_client.get(REPORT_URL, {"page": spt.pk})
    assert [f.page_id for f in response.context["object_list"]] == [spt.pk]


def test_feedback_report_exports_csv(admin_client, feedback):
    response = admin_client.get(REPORT_URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode()
    assert content.splitlines()[0] == "Halaman,Membantu,Komentar,Dikirim"
    assert "Langkah 3 kurang jelas" in content


def test_feedback_counts_per_page(admin_client, feedback):
    response = admin_client.get(COUNTS_URL, {"ordering": "-no"})
    assert response.status_code == 200
    rows = [
        (row["page__title"], row["yes"], row["no"], row["comments"])
        for row in response.context["object_list"]
    ]
    assert rows == [("Cara daftar NPWP", 1, 1, 1), ("Cara lapor SPT", 1, 0, 1)]
    assert "Umpan balik per halaman" in response.content.decode()


@pytest.mark.parametrize("url", [REPORT_URL, COUNTS_URL])
def test_feedback_reports_are_forbidden_without_view_permission(
    client, editor, feedback, url
):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "umpan-balik" not in client.get("/admin/").content.decode()


def test_feedback_reports_open_to_a_group_with_view_permission(
    client, editor, feedback
):
    readers = Group.objects.create(name="Pembaca umpan balik")
    readers.permissions.add(Permission.objects.get(codename="view_articlefeedback"))
    editor.groups.add(readers)
    client.force_login(editor)
    assert client.get(REPORT_URL).status_code == 200
    assert client.get(COUNTS_URL).status_code == 200
    assert "umpan-balik" in client.get("/admin/").content.decode()


def test_feedback_reports_require_login(client, feedback):
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_article_listing_shows_yes_no_counts(admin_client, feedback):
    response = admin_client.get("/admin/artikel/", {"ordering": "-feedback_no"})
    assert response.status_code == 200
    counts = [
        (page.title, page.feedback_yes, page.feedback_no)
        for page in response.context["object_list"]
    ]
    assert counts == [("Cara daftar NPWP", 1, 1), ("Cara lapor SPT", 1, 0)]
    assert "Membantu: tidak" in response.content.decode()
