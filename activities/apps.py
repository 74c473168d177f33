from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"

    def ready(self) -> None:
        from decisions.models.base import connect_receivers

        connect_receivers(self)
