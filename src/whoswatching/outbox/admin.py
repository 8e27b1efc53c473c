"""Read-only admin views of the outbox: state changes go through the services (CLI or /staff/outbox/)."""

from django.contrib import admin

from whoswatching.outbox.models import DeliveryAttempt, OutboxMessage


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("number", "at", "outcome", "transport", "smtp_code", "detail", "worker")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnly):
    list_display = ("key", "to_addr", "state", "attempts", "next_attempt_at", "sent_at", "created_at")
    list_filter = ("state", "kind")
    search_fields = ("key", "to_addr", "object_ref", "message_id")
    exclude = ("raw",)
    inlines = [AttemptInline]


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(ReadOnly):
    list_display = ("message", "number", "at", "outcome", "smtp_code", "worker")
    list_filter = ("outcome", "transport")
