"""Log-in by e-mail, the start page after it, log-out and password reset by e-mail: Django's
auth views, our templates."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from core.ratelimit import limit_posts
from workspace import account_views


def _email(request, *args, **kwargs) -> str:
    return request.POST.get("email", "")


urlpatterns = [
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("start/", account_views.start, name="account_start"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        # Limited per client and per e-mail address (core.ratelimit, `password_reset`),
        # whether or not an account has that address.
        limit_posts("password_reset", target=_email)(
            auth_views.PasswordResetView.as_view(
                subject_template_name="registration/password_reset_subject.txt",
                email_template_name="registration/password_reset_email.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
