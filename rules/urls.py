from django.urls import path

from . import views

app_name = "rules"

urlpatterns = [
    path("eligibility/", views.self_check, name="self_check"),
    path("api/eligibility/<str:kind>/", views.api_eligibility, name="api_eligibility"),
]
