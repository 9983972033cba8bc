from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.access import role_required
from portal.constants import Role


@role_required(Role.APPLICANT)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "applicants/home.html")
