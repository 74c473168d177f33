from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"

    def ready(self) -> None:
        from .models.base import connect_receivers

        connect_receivers(self)
