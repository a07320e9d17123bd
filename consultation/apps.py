from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "Consultation"

    def ready(self) -> None:
        # Every history row records where its change was made (admin, consultant UI, command).
        from consultation import audit  # noqa: F401
        from consultation.page_cache import install_triggers

        # After every migrate, so that tables added later get their trigger too.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="records_version")
