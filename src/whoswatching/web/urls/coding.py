"""URLs of the coding pages (views in ``whoswatching.web.views.coding``)."""

from django.urls import path  # noqa: F401

app_name = "coding"
urlpatterns: list = []
