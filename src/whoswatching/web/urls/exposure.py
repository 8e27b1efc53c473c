"""URLs of the exposure pages (views in ``whoswatching.web.views.exposure``)."""

from django.urls import path  # noqa: F401

app_name = "exposure"
urlpatterns: list = []
