from django.contrib import admin

from .models import PermitChange


@admin.register(PermitChange)
class PermitChangeAdmin(admin.ModelAdmin):
    """Changed only through the portal's services, which audit every step."""

    list_display = ("holder", "kind", "unit", "state", "received_at", "due_on", "decided_at")
    list_filter = ("kind", "state")
    list_select_related = ("holder", "unit")
    search_fields = ("holder__name", "unit__name", "permit__number")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
