"""URLs of the review pages (views in ``whoswatching.web.views.coding``), mounted at /staff/coding/."""

from django.urls import path

from whoswatching.web.views import coding as views

app_name = "coding"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("next/", views.next_item, name="next"),
    path("replies/<int:pk>/", views.review, name="review"),
    path("replies/<int:pk>/act/", views.act, name="act"),
    path("flags/<int:pk>/resolve/", views.resolve_flag, name="resolve-flag"),
    path("agreement/", views.agreement, name="agreement"),
    path("policy/", views.policy, name="policy"),
]
