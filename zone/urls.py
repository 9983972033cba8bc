from django.urls import path

from . import changes_views, views

# The URL names of the reviewers' pages keep the namespace they had before the portal moved
# out of the case machinery (`reviews`): links, templates and tests name them `reviews:...`.
app_name = "reviews"

urlpatterns = [
    path("", views.home, name="home"),
    path("export.xlsx", views.home_export, name="home_export"),
    path("units/<int:pk>/", views.unit_case, name="unit_case"),
    path(
        "units/<int:pk>/<str:action>/",
        views.unit_case_decide,
        name="unit_case_decide",
    ),
    path("quotas/<int:unit_pk>/", views.quota, name="quota"),
    path("units/", views.units, name="units"),
    path("permits/", views.permits_queue, name="permits_queue"),
    path("permits/export.xlsx", views.permits_queue_export, name="permits_queue_export"),
    path("permits/<int:pk>/", views.permit_application, name="permit_application"),
    path(
        "permits/<int:pk>/<str:action>/",
        views.permit_application_decide,
        name="permit_application_decide",
    ),
    path("permit-cases/", views.permit_cases_queue, name="permit_cases_queue"),
    path("permit-cases/<int:pk>/", views.permit_case, name="permit_case"),
    path(
        "permit-cases/<int:pk>/<str:action>/",
        views.permit_case_decide,
        name="permit_case_decide",
    ),
    path("changes/", changes_views.changes_queue, name="changes_queue"),
    path("changes/<int:pk>/", changes_views.change_case, name="change_case"),
    path("changes/<int:pk>/<str:action>/", changes_views.change_decide, name="change_decide"),
]
