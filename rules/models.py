from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import CalendarChangeAction, CalendarChangeVia, WageChangeAction
from .engine.wages import WageRow


class ImmutableRecord(Exception):
    pass


class WageTable(models.Model):
    """One row of table W (rule W1): the city average monthly wage that applies to
    applications in a year. Edited by administrators; every change is kept in
    WageTableChange."""

    application_year = models.PositiveSmallIntegerField(
        _("application year"), unique=True, help_text=_("Applications submitted in this year.")
    )
    wage_year = models.PositiveSmallIntegerField(
        _("wage year"),
        help_text=_("The year whose average applies: always the year before the application year."),
    )
    monthly_average = models.PositiveIntegerField(
        _("monthly average wage (yuan)"),
        help_text=_("全口径城镇单位就业人员月平均工资, whole yuan."),
    )
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_(
            "Tick while the figure is borrowed from an earlier year (暂参照) until the real one "
            "is published."
        ),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("wage table row")
        verbose_name_plural = _("wage table")
        ordering = ["-application_year"]

    def __str__(self) -> str:
        return f"{self.application_year}: {self.monthly_average}"

    def clean(self) -> None:
        super().clean()
        if self.application_year and self.wage_year != self.application_year - 1:
            raise ValidationError(
                {"wage_year": _("The wage year must be the year before the application year.")}
            )
        if self.monthly_average is not None and self.monthly_average <= 0:
            raise ValidationError({"monthly_average": _("The average must be positive.")})

    def as_row(self) -> WageRow:
        return WageRow(
            self.application_year, self.wage_year, Decimal(self.monthly_average), self.provisional
        )


class WageTableChange(models.Model):
    """Who changed a wage-table row, when, and from what to what (rule W1)."""

    row = models.ForeignKey(
        WageTable,
        verbose_name=_("wage table row"),
        on_delete=models.PROTECT,
        related_name="changes",
    )
    action = models.CharField(_("action"), max_length=10, choices=WageChangeAction.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    old_wage_year = models.PositiveSmallIntegerField(_("old wage year"), null=True, blank=True)
    new_wage_year = models.PositiveSmallIntegerField(_("new wage year"))
    old_monthly_average = models.PositiveIntegerField(
        _("old monthly average"), null=True, blank=True
    )
    new_monthly_average = models.PositiveIntegerField(_("new monthly average"))
    old_provisional = models.BooleanField(_("was provisional"), null=True, blank=True)
    new_provisional = models.BooleanField(_("is provisional"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("wage table change")
        verbose_name_plural = _("wage table changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.row.application_year} {self.action} {self.changed_at:%Y-%m-%d %H:%M}"


class WorkingDayOverride(models.Model):
    """An administrator's word on one date, taking precedence over chinesecalendar. A year
    chinesecalendar does not know counts as covered only once its State Council notice is
    imported in full (CalendarImport); its remaining dates then follow Monday-to-Friday.
    Every change is kept in WorkingDayChange."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a working day (e.g. a make-up Saturday). Unticked: a day off."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date}: {'+' if self.is_working_day else '-'}"


class CalendarYearQuerySet(models.QuerySet):
    def covered_years(self) -> set[int]:
        return set(self.values_list("year", flat=True))


class CalendarYear(models.Model):
    """A year whose State Council holiday notice administrators have imported in full: the
    working-day calendar covers it (also where chinesecalendar does not know it). Created by
    the first import of the year and never removed; each import's row locks it, so that two
    imports of one year run one after the other."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    covered_since = models.DateTimeField(_("covered since"), default=timezone.now)

    objects = CalendarYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("covered calendar year")
        verbose_name_plural = _("covered calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


# A holiday notice as pasted or uploaded: the upload is at most 64 KB (rules.admin).
MAX_NOTICE_TEXT = 64 * 1024


class CalendarImport(models.Model):
    """One import of a year's State Council holiday notice: who, when, from which notice, and
    the text as entered. Never changed or deleted: a correction is another import, whose
    differences are its WorkingDayChange rows."""

    year = models.ForeignKey(
        CalendarYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="imports"
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_(
            "The notice the dates come from, e.g. 国务院办公厅关于2027年部分节假日安排的通知."
        ),
    )
    text = models.TextField(_("dates as entered"), max_length=MAX_NOTICE_TEXT)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    days = models.PositiveSmallIntegerField(_("dates in the notice"))
    added = models.PositiveSmallIntegerField(_("added"), default=0)
    changed = models.PositiveSmallIntegerField(_("changed"), default=0)
    removed = models.PositiveSmallIntegerField(_("removed"), default=0)

    class Meta:
        verbose_name = _("holiday notice import")
        verbose_name_plural = _("holiday notice imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.year_id} · {self.imported_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRecord("calendar imports are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("calendar imports are never deleted")


class WorkingDayChange(models.Model):
    """One date of the working-day calendar changed: who, when, how (an import or an edit of
    one override), and the value before and after (empty: no override)."""

    date = models.DateField(_("date"), db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=CalendarChangeAction.choices)
    via = models.CharField(_("via"), max_length=10, choices=CalendarChangeVia.choices)
    calendar_import = models.ForeignKey(
        CalendarImport,
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    old_is_working_day = models.BooleanField(_("was a working day"), null=True, blank=True)
    new_is_working_day = models.BooleanField(_("is a working day"), null=True, blank=True)
    old_note = models.CharField(_("old note"), max_length=200, blank=True)
    new_note = models.CharField(_("new note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("working-day change")
        verbose_name_plural = _("working-day changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.action} {self.changed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRecord("working-day changes are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("working-day changes are never deleted")
