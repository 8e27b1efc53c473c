"""URLs of the staff outbox page (views in ``whoswatching.web.views.outbox``)."""

from django.urls import path

from whoswatching.web.views import outbox

app_name = "outbox"
urlpatterns = [
    path("", outbox.index, name="index"),
    path("<int:pk>/", outbox.detail, name="detail"),
    path("<int:pk>/<slug:action>/", outbox.act, name="act"),
]
