"""Admin set-up of search: the synonym snippet, the analytics report and a "Pencarian" menu
grouping them with Wagtail's promoted results (best bets)."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search import admin_views
from search.models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Sinonim")
    add_to_admin_menu = False
    list_display = ["terms", "one_way", "active", "note", "updated_at"]
    list_filter = ["active", "one_way"]
    search_fields = ["terms", "note"]
    ordering = ["terms"]


synonym_viewset = SynonymViewSet()
register_snippet(synonym_viewset)


class _PermissionMenuItem(MenuItem):
    def __init__(self, *args, permissions: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = permissions

    def is_shown(self, request):
        return any(request.user.has_perm(p) for p in self.permissions)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("pencarian/analitik/", admin_views.analytics, name="search_analytics"),
        path("pencarian/sinyal-pembaca/", admin_views.learning, name="search_learning"),
    ]


@hooks.register("register_admin_menu_item")
def register_search_menu():
    items = [
        _PermissionMenuItem(
            _("Sinonim"),
            reverse(synonym_viewset.get_url_name("list")),
            name="search-synonyms",
            icon_name="list-ul",
            order=100,
            permissions=("search.add_synonym", "search.change_synonym"),
        ),
        _PermissionMenuItem(
            _("Hasil unggulan"),
            reverse("wagtailsearchpromotions:index"),
            name="search-promotions",
            icon_name="pick",
            order=200,
            permissions=(
                "wagtailsearchpromotions.add_searchpromotion",
                "wagtailsearchpromotions.change_searchpromotion",
            ),
        ),
        _PermissionMenuItem(
            _("Analitik pencarian"),
            reverse("search_analytics"),
            name="search-analytics",
            icon_name="search",
            order=300,
            permissions=(admin_views.ANALYTICS_PERMISSION,),
        ),
        _PermissionMenuItem(
            _("Sinyal dari pembaca"),
            reverse("search_learning"),
            name="search-learning",
            icon_name="thumbtack",
            order=400,
            permissions=(admin_views.LEARNING_VIEW_PERMISSION,),
        ),
    ]
    return SubmenuMenuItem(
        _("Pencarian"), Menu(items=items), name="search", icon_name="search", order=850
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="search",
        codename__in=[
            "view_searchlog",
            "view_learnedsignal",
            "delete_learnedsignal",
            "add_synonym",
            "change_synonym",
            "delete_synonym",
        ],
    )
