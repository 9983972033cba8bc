from django.contrib import admin

from .models import Delivery, Notice, Preference


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = (
        "channel", "address", "status", "attempts", "claimed_until", "sent_at", "last_error",
    )  # fmt: skip

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("kind", "subject", "deadline", "step", "recipient", "created_at", "read_at")
    list_filter = ("kind", "read_at")
    search_fields = ("subject", "recipient__username")
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]
    readonly_fields = (
        "recipient", "kind", "subject", "deadline", "step", "url", "params", "created_at",
        "read_at",
    )  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("notice", "channel", "address", "status", "attempts", "sent_at")
    list_filter = ("channel", "status")
    readonly_fields = ("notice", "channel", "address", "attempts", "sent_at", "last_error")
    fields = ("notice", "channel", "address", "status", "attempts", "sent_at", "last_error")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "language")
    search_fields = ("user__username",)
