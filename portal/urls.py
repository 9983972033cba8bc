from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from . import signin, views

portal_patterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=signin.SignInForm
        ),
        name="login",
    ),
    path(
        "password-reset/",
        signin.ResetRequestView.as_view(
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            success_url=reverse_lazy("portal:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=signin.NewPasswordForm,
            success_url=reverse_lazy("portal:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
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

handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
