"""URLs of the intake pages (views in ``whoswatching.web.views.intake``), mounted at /staff/intake/."""

from django.urls import path

from whoswatching.web.views import intake as views

app_name = "intake"
urlpatterns = [
    path("", views.pen, name="pen"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    path("messages/<int:pk>/assign/", views.assign, name="assign"),
    path("messages/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("messages/<int:pk>/raw/", views.raw_download, name="raw"),
    path("attachments/<int:pk>/download/", views.attachment_download, name="attachment"),
    # Not staff-only: authenticated by its HMAC signature (see views.intake.webhook).
    path("webhook/", views.webhook, name="webhook"),
]
