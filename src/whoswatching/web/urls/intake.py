"""URLs of the intake pages (views in ``whoswatching.web.views.intake``)."""

from django.urls import path  # noqa: F401

app_name = "intake"
urlpatterns: list = []
