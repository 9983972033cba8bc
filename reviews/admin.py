from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, PromisedTime, ReturnedMaterial


@admin.register(PromisedTime)
class PromisedTimeAdmin(admin.ModelAdmin):
    """Rule T1: promised working days per process (defaults apply where no row exists)."""

    list_display = ("process", "working_days")


class ReturnedMaterialInline(admin.TabularInline):
    model = ReturnedMaterial
    extra = 0
    can_delete = False
    readonly_fields = ("material_code", "material_name", "reason")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "process", "case_number", "actor", "transition", "from_state", "to_state")
    list_filter = ("process", "transition")
    list_select_related = ("actor",)
    inlines = [ReturnedMaterialInline]

    @admin.display(description=_("case number"), ordering="case_id")
    def case_number(self, obj: AuditEvent) -> int:
        return obj.case_id

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
