from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "whoswatching.campaigns"
    label = "campaigns"
    verbose_name = "FOI campaigns"

    def ready(self) -> None:
        """Listen to the outbox: a sent request starts its statutory clock, a failure marks it bounced."""
        from whoswatching.campaigns import services
        from whoswatching.outbox import signals

        signals.message_sent.connect(services.on_message_sent, dispatch_uid="campaigns.on_message_sent")
        signals.message_failed.connect(services.on_message_failed, dispatch_uid="campaigns.on_message_failed")
        signals.message_deferred.connect(services.on_message_deferred, dispatch_uid="campaigns.on_message_deferred")
