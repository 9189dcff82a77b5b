"""Public regulation pages: permalinks derived from the citation, and the JSON feed."""

from django.urls import path

from regulations import views

app_name = "regulations"

urlpatterns = [
    path("", views.regulation_list, name="list"),
    path("feed.json", views.regulation_feed, name="feed"),
    path(
        "<slug:kind>/<int:year>/<int:number>/", views.regulation_detail, name="detail"
    ),
]
