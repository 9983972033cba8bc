from django.contrib import admin

from .models import Association, LabourContract, Permit, PermitApplication, PermitPolicy


@admin.register(PermitPolicy)
class PermitPolicyAdmin(admin.ModelAdmin):
    """Rule T7: the permit's validity in years."""

    list_display = ("__str__", "validity_years", "updated_at")

    def has_add_permission(self, request):
        return not PermitPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changed only through the portal's services, which audit every change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Permit)
class PermitAdmin(ReadOnlyAdmin):
    list_display = ("number", "holder", "unit", "issued_on", "expires_on", "status")
    list_filter = ("status",)
    list_select_related = ("holder", "unit")
    search_fields = ("number", "holder__name", "unit__name")


@admin.register(PermitApplication)
class PermitApplicationAdmin(ReadOnlyAdmin):
    list_display = ("applicant", "unit", "state", "received_at", "due_on", "decided_at")
    list_filter = ("state",)
    list_select_related = ("applicant", "unit")
    search_fields = ("applicant__name", "unit__name")


@admin.register(Association)
class AssociationAdmin(ReadOnlyAdmin):
    list_display = ("applicant", "unit", "state", "requested_at", "decided_at")
    list_filter = ("state",)
    list_select_related = ("applicant", "unit")


@admin.register(LabourContract)
class LabourContractAdmin(ReadOnlyAdmin):
    list_display = ("association", "party_a", "start_date", "end_date", "position")
    list_select_related = ("association__applicant", "association__unit")
