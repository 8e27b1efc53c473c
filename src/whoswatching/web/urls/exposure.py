"""URLs of the exposure pages (views in ``whoswatching.web.views.exposure``), mounted at /exposure/."""

from django.urls import path

from whoswatching.web.views import exposure as views

app_name = "exposure"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:name>/", views.snapshot, name="snapshot"),
]
