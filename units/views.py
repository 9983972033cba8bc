from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.access import role_required
from portal.constants import Role


@role_required(Role.UNIT_STAFF)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "units/home.html")
