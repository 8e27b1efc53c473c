"""URLs of the campaigns pages (views in ``whoswatching.web.views.campaigns``), mounted at /staff/campaigns/."""

from django.urls import path

from whoswatching.web.views import campaigns as views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("followups/", views.followup_queue, name="followups"),
    path("followups/<int:pk>/", views.followup_detail, name="followup"),
    path("requests/<str:reference>/", views.request_detail, name="request"),
    path("requests/<str:reference>/status/", views.request_transition, name="transition"),
    path("requests/<str:reference>/resend/", views.request_resend, name="resend"),
    path("requests/<str:reference>/followup/", views.followup_draft, name="followup-draft"),
    path("<slug:slug>/", views.campaign_detail, name="detail"),
    path("<slug:slug>/template/", views.campaign_template, name="template"),
    path("<slug:slug>/select/", views.campaign_select, name="select"),
    path("<slug:slug>/remove/", views.campaign_remove, name="remove"),
    path("<slug:slug>/select/count/", views.campaign_select_count, name="select-count"),
    path("<slug:slug>/preview/", views.campaign_preview, name="preview"),
    path("<slug:slug>/launch/", views.campaign_launch, name="launch"),
]
