"""What the statistics page shows: each figure as a chart and as the table beside it."""

from django.utils.translation import gettext as _

from portal.constants import Process

from .charts import Series, grouped_bars, stacked_bars
from .measures import Figures


def _month(day) -> str:
    return f"{day:%Y-%m}"


def statistics_context(figures: Figures) -> dict:
    processes = [Process(p) for p in figures.processes]
    month_labels = [_month(m) for m in figures.months]
    monthly_rows = [
        (
            _month(m),
            [figures.per_month[m].get(p, 0) for p in processes],
            sum(figures.per_month[m].values()),
        )
        for m in figures.months
    ]
    per_month_chart = stacked_bars(
        title_id="chart-per-month",
        title=_("Cases received per month, by process"),
        labels=month_labels,
        series=[
            Series(p.value, [row[1][i] for row in monthly_rows]) for i, p in enumerate(processes)
        ],
    )
    timing_chart = grouped_bars(
        title_id="chart-timing",
        title=_("Processing time in working days: median and 90th percentile against the promise"),
        labels=[t.process for t in figures.timings],
        series=[
            Series(_("Median"), [t.median for t in figures.timings]),
            Series(_("90th percentile"), [t.p90 for t in figures.timings]),
        ],
        marks=[t.promised for t in figures.timings],
        mark_name=_("Promised (T1)"),
    )
    overdue_chart = grouped_bars(
        title_id="chart-overdue",
        title=_("Share of cases overdue, in per cent"),
        labels=[t.process for t in figures.timings],
        series=[
            Series(
                _("Overdue (%)"),
                [
                    round(100 * t.overdue_share, 1) if t.overdue_share is not None else None
                    for t in figures.timings
                ],
            )
        ],
    )
    expiring_chart = grouped_bars(
        title_id="chart-expiring",
        title=_("Valid permits expiring per month"),
        labels=[_month(m) for m, _n in figures.expiring],
        series=[Series(_("Permits"), [n for _m, n in figures.expiring])],
    )
    return {
        "figures": figures,
        "processes": processes,
        "monthly_rows": monthly_rows,
        "per_month_chart": per_month_chart,
        "timing_chart": timing_chart,
        "overdue_chart": overdue_chart,
        "expiring_chart": expiring_chart,
    }
