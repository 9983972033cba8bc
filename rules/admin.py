from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import WageTable, WageTableChange, WorkingDayOverride
from .services import wage_table_save
from .tables import uncovered_years


def warn_uncovered_years(request) -> None:
    """Show administrators the years the working-day calendar cannot compute."""
    for year in uncovered_years(timezone.localdate()):
        messages.warning(
            request,
            _(
                "The working-day calendar does not cover %(year)s: chinesecalendar has no data "
                "for it and no override is entered. Deadlines in %(year)s cannot be computed "
                "until an administrator enters that year's State Council holiday notice as "
                "working-day overrides."
            )
            % {"year": year},
        )


class WageTableChangeInline(admin.TabularInline):
    model = WageTableChange
    extra = 0
    can_delete = False
    fields = (
        "changed_at",
        "changed_by",
        "action",
        "old_monthly_average",
        "new_monthly_average",
        "old_provisional",
        "new_provisional",
        "old_wage_year",
        "new_wage_year",
        "note",
    )
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("history of changes")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WageTable)
class WageTableAdmin(admin.ModelAdmin):
    list_display = ("application_year", "wage_year", "monthly_average", "provisional", "note")
    list_filter = ("provisional",)
    inlines = [WageTableChangeInline]

    def save_model(self, request, obj, form, change) -> None:
        wage_table_save(row=obj, user=request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        # A year with no row is an error (W3); rows are corrected, never removed.
        return False

    def changelist_view(self, request, extra_context=None):
        warn_uncovered_years(request)
        return super().changelist_view(request, extra_context)


@admin.register(WageTableChange)
class WageTableChangeAdmin(admin.ModelAdmin):
    list_display = (
        "row",
        "changed_at",
        "changed_by",
        "action",
        "old_monthly_average",
        "new_monthly_average",
        "old_provisional",
        "new_provisional",
    )
    list_filter = ("action",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkingDayOverride)
class WorkingDayOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "is_working_day", "note")
    list_filter = ("is_working_day",)
    date_hierarchy = "date"
    search_fields = ("note",)

    def changelist_view(self, request, extra_context=None):
        warn_uncovered_years(request)
        return super().changelist_view(request, extra_context)
