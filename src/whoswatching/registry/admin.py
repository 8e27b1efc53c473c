"""Django admin for the register: correcting or deleting a body by hand, reading the import history."""

from django.contrib import admin

from whoswatching.registry.models import ContactAddress, ContactBounce, PublicBody, SourceRun


class ContactInline(admin.TabularInline):
    model = ContactAddress
    extra = 0
    fields = ("email", "state", "is_primary", "bounce_count", "last_bounced_at", "verified_at", "source")
    readonly_fields = ("bounce_count", "last_bounced_at")


@admin.register(PublicBody)
class PublicBodyAdmin(admin.ModelAdmin):
    list_display = ("name", "sector", "region", "nation", "identifier_scheme", "identifier")
    list_filter = ("sector", "nation", "region")
    search_fields = ("name", "identifier", "slug")
    readonly_fields = ("slug", "created_at", "updated_at")
    inlines = [ContactInline]


@admin.register(ContactBounce)
class ContactBounceAdmin(admin.ModelAdmin):
    list_display = ("contact", "at", "permanent", "reference", "reason")
    search_fields = ("contact__email", "reference")

    def has_change_permission(self, request, obj=None):
        return False  # append-only history


@admin.register(SourceRun)
class SourceRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "source", "outcome", "file_name", "rows", "created", "updated", "unchanged",
                    "rejected", "skipped")
    list_filter = ("source", "outcome")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
