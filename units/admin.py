from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Quota, Unit, UnitCase, UnitPermission


class QuotaAdminForm(forms.ModelForm):
    class Meta:
        model = Quota
        fields = ["unit", "granted", "expires_on"]

    def clean_granted(self):
        granted = self.cleaned_data["granted"]
        if self.instance.pk and granted < self.instance.used:
            raise forms.ValidationError(
                _("The unit has already used %(used)s places; the quota cannot be lower.")
                % {"used": self.instance.used}
            )
        return granted


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "entity_type", "key_support", "created_at")
    list_filter = ("entity_type", "key_support", "agency_kind", "strategic_emerging_industry")
    search_fields = ("name", "credit_code")


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    """Rule U9: administrators set each unit's quota here or in the reviewer portal."""

    form = QuotaAdminForm
    list_display = ("unit", "granted", "used", "expires_on", "updated_at")
    list_select_related = ("unit",)
    readonly_fields = ("used", "updated_by", "updated_at")
    search_fields = ("unit__name",)

    def save_model(self, request, obj, form, change):
        # Through the service, so that every change is audited like the reviewer portal's.
        saved = services.quota_set(
            unit=obj.unit, granted=obj.granted, expires_on=obj.expires_on, by=request.user
        )
        obj.pk = saved.pk


@admin.register(UnitPermission)
class UnitPermissionAdmin(admin.ModelAdmin):
    list_display = ("unit", "granted_at", "granted_by")
    list_select_related = ("unit", "granted_by")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UnitCase)
class UnitCaseAdmin(admin.ModelAdmin):
    """Read-only: cases change state only through the portal's services (audited)."""

    list_display = ("unit", "kind", "state", "received_at", "due_on", "decided_at")
    list_filter = ("kind", "state")
    list_select_related = ("unit",)
    search_fields = ("unit__name",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
