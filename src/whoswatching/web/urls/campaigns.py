"""URLs of the campaigns pages (views in ``whoswatching.web.views.campaigns``)."""

from django.urls import path  # noqa: F401

app_name = "campaigns"
urlpatterns: list = []
