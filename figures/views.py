"""The zone's statistics page, for reviewers and administrators."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from portal.access import role_required
from portal.constants import Role
from rules.tables import load_calendar

from .forms import StatisticsFilter
from .measures import PROCESSES, default_period, zone_figures
from .pages import statistics_context


@role_required(Role.REVIEWER, Role.ADMINISTRATOR)
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    period = default_period(today)
    form = StatisticsFilter(request.GET or {"first": period.first, "last": period.last})
    processes = PROCESSES
    status = 200
    if form.is_valid():
        period, processes = form.period(), form.processes()
    else:
        status = 400
    figures = zone_figures(
        period=period, processes=processes, today=today, calendar=load_calendar()
    )
    return render(
        request,
        "figures/statistics.html",
        {"form": form, **statistics_context(figures)},
        status=status,
    )
