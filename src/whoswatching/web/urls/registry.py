"""URLs of the registry pages (views in ``whoswatching.web.views.registry``)."""

from django.urls import path  # noqa: F401

app_name = "registry"
urlpatterns: list = []
