"""The site's URL map: one included module per domain, listed explicitly."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from whoswatching.web.api import api
from whoswatching.web.views import home

urlpatterns = [
    path("", home.index, name="home"),
    path("staff/", home.staff_index, name="staff-home"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("bodies/", include("whoswatching.web.urls.registry")),
    path("staff/campaigns/", include("whoswatching.web.urls.campaigns")),
    path("staff/intake/", include("whoswatching.web.urls.intake")),
    path("staff/outbox/", include("whoswatching.web.urls.outbox")),
    path("staff/coding/", include("whoswatching.web.urls.coding")),
    path("stats/", include("whoswatching.web.urls.stats")),
    path("exposure/", include("whoswatching.web.urls.exposure")),
]
