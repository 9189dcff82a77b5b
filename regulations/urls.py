"""Public regulation pages: permalinks derived from the citation."""

from django.urls import path

from regulations import views

app_name = "regulations"

urlpatterns = [
    path("", views.regulation_list, name="list"),
    path(
        "<slug:kind>/<int:year>/<int:number>/", views.regulation_detail, name="detail"
    ),
]
