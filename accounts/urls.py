from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.agreement_middleware import AGREEMENT_URL_NAME
from accounts.agreement_views import agreement_page
from accounts.forms import LoginForm
from accounts.language_views import language_settings

FORM = "accounts/password_form.html"
MESSAGE = "accounts/password_message.html"


def page(heading: str | Promise, text: str | Promise, *, button: str | Promise = "") -> dict:
    """The wording of one password page (a form when it has a button, else a message)."""
    if button:
        return {"heading": heading, "intro": text, "button": button}
    return {"heading": heading, "message": text}


# The same page, whether or not an account has the address typed: it never tells who has one.
RESET_SENT = _(
    "If an account uses that address, an email with a link to set a new password is on its way. "
    "It can take a few minutes; look in the junk folder too. No email? Ask your administrator."
)

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", include("accounts.urls_mfa")),
    path("agreement/", agreement_page, name=AGREEMENT_URL_NAME),
    path("notifications/", include("accounts.urls_notifications")),
    path("language/", language_settings, name="language_settings"),
    # Changing a password keeps this session signed in (Django's update_session_auth_hash) and
    # signs the account out everywhere else.
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name=FORM,
            extra_context=page(
                _("Change password"),
                _("Type your current password, then the new one twice (12 characters or more)."),
                button=_("Change password"),
            ),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name=MESSAGE,
            extra_context=page(
                _("Password changed"),
                _(
                    "Your password is changed. Any other device signed in as you has been "
                    "signed out."
                ),
            ),
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name=FORM,
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            extra_email_context={"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
            extra_context=page(
                _("Forgotten password"),
                _(
                    "Type the email address of your account: we will send a link to set a new "
                    "password."
                ),
                button=_("Send the link"),
            ),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name=MESSAGE, extra_context=page(_("Check your email"), RESET_SENT)
        ),
        name="password_reset_done",
    ),
    # Never signs in by itself (post_reset_login stays off): signing in goes through the
    # lockout, which a reset does not lift.
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name=FORM,
            extra_context=page(
                _("Set a new password"),
                _("Type the new password twice (12 characters or more)."),
                button=_("Set the password"),
            ),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name=MESSAGE,
            extra_context=page(_("Password set"), _("Your new password is set: sign in with it.")),
        ),
        name="password_reset_complete",
    ),
]
