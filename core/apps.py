from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and none owns: no models of its own."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Every history row records where its change was made (admin, consultant UI, command).
        from core import history  # noqa: F401
