"""URLs of the registry pages (views in ``whoswatching.web.views.registry``), mounted at /bodies/."""

from django.urls import path

from whoswatching.web.views import registry as views

app_name = "registry"
urlpatterns = [
    path("", views.body_list, name="list"),
    # "-" can begin no body slug, so these staff pages never shadow a body
    path("-/imports/", views.import_runs, name="import-runs"),
    path("<slug:slug>/", views.body_detail, name="detail"),
]
