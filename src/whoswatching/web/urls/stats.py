"""URLs of the stats pages (views in ``whoswatching.web.views.stats``)."""

from django.urls import path  # noqa: F401

app_name = "stats"
urlpatterns: list = []
