from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

portal_patterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("manage/", views.admin_home, name="admin_home"),
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("unit/", include("units.urls")),
    path("me/", include("applicants.urls")),
    path("review/statistics/", include("figures.urls")),
    path("review/", include("zone.urls")),
    path("documents/", include("documents.urls")),
    path("permits/", include("permits.urls")),
    path("permits/", include("changes.urls")),
    path("files/", include("attachments.urls")),
    path("notices/", include("notices.urls")),
    path("", include("rules.urls")),
]
