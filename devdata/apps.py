from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Demo accounts and records, and the synthetic statewide data: never imported by an app."""

    name = "devdata"
    verbose_name = "Demo and synthetic data"
