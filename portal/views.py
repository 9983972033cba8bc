from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from rules.tables import uncovered_years

from .access import HOME_URL_NAMES, role_required
from .constants import Role
from .health import calendar_warnings, run_checks
from .models import Heartbeat


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(HOME_URL_NAMES[request.user.role])


@role_required(Role.ADMINISTRATOR)
def admin_home(request: HttpRequest) -> HttpResponse:
    last_beat = Heartbeat.objects.order_by("-ran_at").first()
    missing_years = uncovered_years(timezone.localdate())
    return render(
        request,
        "portal/admin_home.html",
        {"last_beat": last_beat, "missing_calendar_years": missing_years},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    healthy = all(c["ok"] for c in checks.values())
    failing = [name for name, c in checks.items() if not c["ok"]]
    body = {"status": "ok" if healthy else "fail", "failing": failing, "checks": checks}
    # Warnings name what administrators must do soon; they never turn 200 into 503.
    body["warnings"] = calendar_warnings()
    return JsonResponse(body, status=200 if healthy else 503)
