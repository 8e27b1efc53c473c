from django.apps import AppConfig


class CodingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "whoswatching.coding"
    label = "coding"

    def ready(self) -> None:
        from whoswatching.coding import receivers
        from whoswatching.intake import signals

        signals.message_received.connect(receivers.on_message_received, dispatch_uid="coding.autocode.received")
        signals.message_filed.connect(receivers.on_message_filed, dispatch_uid="coding.autocode.filed")
