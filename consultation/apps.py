from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "Consultation"

    def ready(self) -> None:
        # Every history row records where its change was made (admin, consultant UI, command).
        from consultation import audit  # noqa: F401
