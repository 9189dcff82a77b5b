"""Pages directly under the home page keep clear of the addresses the site's own routes
answer (config/urls.py), whichever way the page is made."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from wagtail.test.utils.form_data import nested_form_data

from catalogue.models import ServiceIndexPage
from kb.models import ArticlePage, TopicIndexPage
from kb.routes import home_child_slug_error, route_slugs
from tests.factories import TopicIndexPageFactory

pytestmark = pytest.mark.django_db


def test_reserved_slugs_are_the_first_segments_of_the_url_configuration():
    assert {
        "admin",
        "django-admin",
        "dokumen",
        "api",
        "umpan-balik",
        "peraturan",
        "cari",
    } <= route_slugs()
    assert not {"", "sitemap.xml", "robots.txt", "npwp"} & route_slugs()


def refusal(slug: str) -> str:
    return home_child_slug_error(slug=slug, page_class=TopicIndexPage)


@pytest.mark.parametrize(
    ("title", "slug"), [("Peraturan", "peraturan"), ("cari", "cari"), ("API", "api")]
)
def test_every_way_of_making_a_topic_refuses_a_slug_the_routes_hide(
    admin_client, home_page, tmp_path, title, slug
):
    expected = refusal(slug)
    assert expected.startswith(f"slug '{slug}' sudah dipakai alamat situs /{slug}/")

    # Admin: the create form, on the slug field.
    response = admin_client.post(
        f"/admin/pages/add/kb/topicindexpage/{home_page.pk}/",
        nested_form_data({"title": title, "slug": slug, "intro": ""}),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [expected]

    # Import: a record's topic, reported on its line.
    path = tmp_path / "a.jsonl"
    record = {"slug": "x", "title": "Judul", "body": "Isi.", "topic": title}
    path.write_text(json.dumps(record) + "\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_articles", str(path), stdout=io.StringIO())
    assert f"{path}:1: topik (topic): {expected}" in str(caught.value)

    # Code: Wagtail's add_child runs the page's clean().
    with pytest.raises(ValidationError) as refused:
        home_page.add_child(instance=TopicIndexPage(title=title, slug=slug))
    assert refused.value.message_dict["slug"] == [expected]

    assert not TopicIndexPage.objects.filter(slug=slug).exists()
    assert not ArticlePage.objects.exists()


def test_editing_a_topic_to_a_reserved_slug_is_refused(admin_client, topic):
    response = admin_client.post(
        f"/admin/pages/{topic.pk}/edit/",
        nested_form_data({"title": "Cari", "slug": "cari", "intro": ""}),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [refusal("cari")]
    topic.refresh_from_db()
    assert topic.slug == "npwp"


def test_the_catalogue_slug_is_kept_for_the_catalogue(home_page, tmp_path):
    expected = refusal("layanan")
    assert expected.startswith("slug 'layanan' disediakan untuk katalog layanan")
    with pytest.raises(ValidationError) as refused:
        home_page.add_child(instance=TopicIndexPage(title="Layanan", slug="layanan"))
    assert refused.value.message_dict["slug"] == [expected]
    catalogue = ServiceIndexPage(title="Layanan", slug="layanan")
    home_page.add_child(instance=catalogue)
    assert catalogue.pk is not None


def test_catalogue_page_is_refused_a_route_slug_too(home_page):
    with pytest.raises(ValidationError) as refused:
        home_page.add_child(instance=ServiceIndexPage(title="Cari", slug="cari"))
    assert refused.value.message_dict["slug"] == [
        home_child_slug_error(slug="cari", page_class=ServiceIndexPage)
    ]


def test_reserved_words_are_fine_below_a_topic(home_page, tmp_path):
    pajak = TopicIndexPageFactory(parent=home_page, title="Pajak", slug="pajak")
    path = tmp_path / "a.jsonl"
    record = {"slug": "x", "title": "Judul", "body": "Isi.", "topic": "Pajak/Peraturan"}
    path.write_text(json.dumps(record) + "\n")
    call_command("import_articles", str(path), stdout=io.StringIO())
    assert ArticlePage.objects.get(slug="x").get_parent().get_parent().pk == pajak.pk
