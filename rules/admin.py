from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .engine.holiday_notice import NoticeInvalid, format_notice
from .forms import CleanTextMixin
from .models import (
    MAX_NOTICE_TEXT,
    CalendarImport,
    CalendarYear,
    WageTable,
    WageTableChange,
    WorkingDayChange,
    WorkingDayOverride,
)
from .services import (
    calendar_import,
    calendar_import_preview,
    wage_table_save,
    working_day_override_delete,
    working_day_override_save,
)
from .tables import uncovered_years

MAX_NOTICE_FILE_BYTES = 64 * 1024


def warn_uncovered_years(request) -> None:
    """Show administrators the years the working-day calendar cannot compute."""
    for year in uncovered_years(timezone.localdate()):
        messages.warning(
            request,
            _(
                "The working-day calendar does not cover %(year)s: chinesecalendar has no data "
                "for it and its holiday notice has not been imported. Deadlines in %(year)s "
                "stay empty until an administrator imports that year's State Council holiday "
                "notice (working-day overrides › import a year)."
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


class CalendarImportForm(CleanTextMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    source = forms.CharField(
        label=gettext_lazy("source"),
        max_length=300,
        help_text=gettext_lazy(
            "The notice the dates come from, e.g. 国务院办公厅关于2027年部分节假日安排的通知."
        ),
    )
    text = forms.CharField(
        label=gettext_lazy("dates"),
        required=False,
        max_length=MAX_NOTICE_TEXT,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 70, "class": "vLargeTextField"}),
        help_text=gettext_lazy(
            "One date or range per line: 2027-01-01 holiday 元旦 · "
            "2027-02-06..2027-02-13 holiday 春节 · 2027-02-14 workday 春节调休. "
            "Lines starting with # are ignored (docs/eligibility.md, “Working days”)."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("or a file"),
        required=False,
        help_text=gettext_lazy("A text or CSV file in the same format, UTF-8 or GB18030."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size > MAX_NOTICE_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 64 KB."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("The file is neither UTF-8 nor GB18030 text."))

    def clean(self) -> dict:
        data = super().clean()
        text = data.get("file") or data.get("text") or ""
        if not text.strip():
            raise forms.ValidationError(_("Paste the dates or choose a file."))
        data["text"] = text
        year = data.get("year")
        if year is not None:
            try:
                data["preview"] = calendar_import_preview(year=year, text=text)
            except NoticeInvalid as exc:
                english = (get_language() or "").startswith("en")
                for error in exc.errors:
                    message = error.message_en if english else error.message_zh
                    self.add_error(
                        "text" if not data.get("file") else "file",
                        _("Line %(line)s: %(message)s") % {"line": error.line, "message": message},
                    )
        return data


@admin.register(WorkingDayOverride)
class WorkingDayOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "is_working_day", "note")
    list_filter = ("is_working_day",)
    date_hierarchy = "date"
    search_fields = ("note",)
    change_list_template = "admin/rules/workingdayoverride/change_list.html"
    actions = None  # a bulk delete would bypass the history; delete one date at a time

    def get_readonly_fields(self, request, obj=None):
        # An override is about one date: another date is another override.
        return ("date",) if obj is not None else ()

    def save_model(self, request, obj, form, change) -> None:
        working_day_override_save(override=obj, user=request.user)

    def delete_model(self, request, obj) -> None:
        working_day_override_delete(override=obj, user=request.user)

    def changelist_view(self, request, extra_context=None):
        warn_uncovered_years(request)
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="rules_workingdayoverride_import",
            ),
            *super().get_urls(),
        ]

    def can_import(self, request: HttpRequest) -> bool:
        # An import adds, changes and removes overrides.
        return all(
            request.user.has_perm(f"rules.{action}_workingdayoverride")
            for action in ("add", "change", "delete")
        )

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Import a year's holiday notice: the form, then a preview of every date that would
        change, then the save (which re-reads the form, so the preview cannot be skipped)."""
        if not self.can_import(request):
            raise PermissionDenied
        preview = None
        if request.method == "POST":
            form = CalendarImportForm(request.POST, request.FILES)
            if form.is_valid() and "confirm" in request.POST and "edit" not in request.POST:
                data = form.cleaned_data
                record = calendar_import(
                    year=data["year"], text=data["text"], source=data["source"], user=request.user
                )
                messages.success(
                    request,
                    _(
                        "%(year)s imported: %(added)s dates added, %(changed)s changed, "
                        "%(removed)s removed. Promised dates of open cases are being recomputed."
                    )
                    % {
                        "year": record.year_id,
                        "added": record.added,
                        "changed": record.changed,
                        "removed": record.removed,
                    },
                )
                return redirect(reverse("admin:rules_calendarimport_change", args=[record.pk]))
            if form.is_valid() and "edit" not in request.POST:
                preview = form.cleaned_data["preview"]
            if form.is_valid():
                # The next form carries the text itself (hidden under the preview), so that a
                # file need not be uploaded twice and what is saved is what was previewed.
                form = CalendarImportForm(
                    initial={
                        "year": form.cleaned_data["year"],
                        "source": form.cleaned_data["source"],
                        "text": form.cleaned_data["text"],
                    }
                )
        else:
            year = self._default_year(request)
            form = CalendarImportForm(initial={"year": year, "text": self._current_text(year)})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a year's holiday notice"),
            "form": form,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/rules/workingdayoverride/import.html", context)

    @staticmethod
    def _default_year(request: HttpRequest) -> int:
        try:
            return int(request.GET["year"])
        except (KeyError, ValueError):
            pass
        today = timezone.localdate()
        missing = uncovered_years(today)
        return missing[0] if missing else today.year + 1

    @staticmethod
    def _current_text(year: int) -> str:
        """A year's overrides in the import format: a correction starts from what is saved."""
        rows = WorkingDayOverride.objects.filter(date__year=year)
        return format_notice(
            {
                day: (working, note)
                for day, working, note in rows.values_list("date", "is_working_day", "note")
            }
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """History: shown, never added, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class WorkingDayChangeInline(admin.TabularInline):
    model = WorkingDayChange
    extra = 0
    fields = ("date", "action", "old_is_working_day", "new_is_working_day", "old_note", "new_note")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = gettext_lazy("dates changed")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CalendarImport)
class CalendarImportAdmin(ReadOnlyAdmin):
    list_display = (
        "year",
        "imported_at",
        "imported_by",
        "source",
        "days",
        "added",
        "changed",
        "removed",
    )
    list_filter = ("year",)
    fields = (
        "year",
        "source",
        "imported_at",
        "imported_by",
        "days",
        "added",
        "changed",
        "removed",
        "text",
    )
    inlines = [WorkingDayChangeInline]


@admin.register(WorkingDayChange)
class WorkingDayChangeAdmin(ReadOnlyAdmin):
    list_display = (
        "date",
        "action",
        "via",
        "changed_at",
        "changed_by",
        "old_is_working_day",
        "new_is_working_day",
        "new_note",
    )
    list_filter = ("via", "action")
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ("year", "covered_since")
