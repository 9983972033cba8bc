from django import forms
from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from rules.forms import CleanTextMixin

from . import services
from .models import Quota, QuotaChange, Unit, UnitCase, UnitPermission


class QuotaAdminForm(CleanTextMixin, forms.ModelForm):
    comment = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the quota's history."),
    )

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
    readonly_fields = ("used", "updated_by", "updated_at", "history")
    search_fields = ("unit__name",)

    def get_readonly_fields(self, request, obj=None):
        # A quota stays with its unit: its history would otherwise describe another unit.
        return ("unit", *self.readonly_fields) if obj else self.readonly_fields

    @admin.display(description=_("changes"))
    def history(self, obj: Quota) -> str:
        """The quota's changes, newest first (a read-only table, not an inline formset:
        nothing of the history is ever posted back)."""
        if obj.pk is None:
            return "—"
        return render_to_string("units/includes/quota_history.html", {"changes": obj.history()})

    def save_model(self, request, obj, form, change):
        # Through the service, so that every change is recorded like the reviewer portal's.
        saved = services.quota_set(
            unit=obj.unit,
            granted=obj.granted,
            expires_on=obj.expires_on,
            by=request.user,
            comment=form.cleaned_data["comment"],
        )
        obj.pk = saved.pk


@admin.register(QuotaChange)
class QuotaChangeAdmin(admin.ModelAdmin):
    """Rule U9: every quota change of every unit; read-only."""

    list_display = (
        "changed_at",
        "quota",
        "changed_by",
        "granted_before",
        "granted_after",
        "expires_on_before",
        "expires_on_after",
    )
    list_select_related = ("quota__unit", "changed_by")
    search_fields = ("quota__unit__name",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
