from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .access import get_notice_for
from .forms import PreferenceForm
from .models import Notice, Preference
from .texts import notice_subject

PAGE_SIZE = 25


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notices = Notice.objects.for_recipient(request.user)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    preference = Preference.objects.filter(user=request.user).first()
    return render(
        request,
        "notices/inbox.html",
        {
            "page_obj": page,
            "items": [(notice, notice_subject(notice)) for notice in page],
            "form": PreferenceForm(instance=preference),
        },
    )


@login_required
@require_POST
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_notice_for(request.user, pk)
    services.notice_mark_read(notice=notice)
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect(notice.url)
    return redirect("notices:inbox")


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.notice_mark_read(notice=get_notice_for(request.user, pk))
    return redirect("notices:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notices_mark_all_read(user=request.user)
    return redirect("notices:inbox")


@login_required
@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST)
    if form.is_valid():
        services.preference_set(user=request.user, language=form.cleaned_data["language"])
        messages.success(request, _("Your notices and e-mails will be in the chosen language."))
    else:
        messages.error(request, _("Choose one of the languages offered."))
    return redirect("notices:inbox")
