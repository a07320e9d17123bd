from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        # The admin registers its models in its own ready(), which runs before this one.
        from accounts import admin_mfa, mfa  # noqa: F401
        from accounts.middleware import on_user_logged_in

        user_logged_in.connect(on_user_logged_in, dispatch_uid="accounts_session_clocks")
        user_logged_in.connect(mfa.on_user_logged_in, dispatch_uid="accounts_mfa_device_state")
        from accounts import agreement_middleware
        from accounts.middleware import on_user_logged_in

        user_logged_in.connect(on_user_logged_in, dispatch_uid="accounts_session_clocks")
        user_logged_in.connect(
            agreement_middleware.on_user_logged_in, dispatch_uid="accounts_agreement_accepted"
        )
