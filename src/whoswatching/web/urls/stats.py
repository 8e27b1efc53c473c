"""URLs of the stats pages (views in ``whoswatching.web.views.stats``), mounted at /stats/.

Staff pages sit under ``staff/`` (matched before a campaign slug; ``staff`` is not a campaign slug)."""

from django.urls import path

from whoswatching.web.views import stats as views

app_name = "stats"
urlpatterns = [
    path("", views.index, name="index"),
    path("staff/", views.staff_index, name="staff"),
    path("staff/build/<slug:slug>/", views.staff_build, name="staff-build"),
    path("staff/<int:pk>/", views.staff_preview, name="staff-preview"),
    path("staff/<int:pk>/cell/", views.staff_cell, name="staff-cell"),
    path("staff/<int:pk>/files/<path:relpath>", views.staff_file, name="staff-file"),
    path("staff/<int:pk>/publish/", views.staff_publish, name="staff-publish"),
    path("staff/<int:pk>/withdraw/", views.staff_withdraw, name="staff-withdraw"),
    path("<slug:slug>/", views.publication, name="publication"),
    path("<slug:slug>/cell/", views.publication_cell, name="publication-cell"),
    path("<slug:slug>/files/<path:relpath>", views.publication_file, name="publication-file"),
]
