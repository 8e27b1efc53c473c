"""URLs of the registry pages (views in ``whoswatching.web.views.registry``), mounted at /bodies/."""

from django.urls import path

from whoswatching.web.views import registry as views

app_name = "registry"
urlpatterns = [
    path("", views.body_list, name="list"),
    path("<slug:slug>/", views.body_detail, name="detail"),
]
