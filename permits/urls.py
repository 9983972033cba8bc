from django.urls import path

from . import views

app_name = "permits"

urlpatterns = [
    path("me/associate/", views.associate, name="associate"),
    path(
        "me/associate/<int:pk>/withdraw/", views.association_withdraw, name="association_withdraw"
    ),
    path("me/application/", views.application, name="application"),
    path("me/application/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("me/permit-cases/<int:pk>/", views.my_permit_case, name="my_permit_case"),
    path("unit/employees/", views.employees, name="employees"),
    path("unit/employees/<int:pk>/", views.employee, name="employee"),
    path("unit/employees/<int:pk>/contract/", views.employee_contract, name="employee_contract"),
    path("unit/employees/<int:pk>/release/", views.employee_release, name="employee_release"),
    path(
        "unit/employees/<int:pk>/start/<str:kind>/",
        views.permit_case_start,
        name="permit_case_start",
    ),
    path("unit/permit-cases/<int:pk>/", views.unit_permit_case, name="unit_permit_case"),
    path("unit/code/rotate/", views.rotate_code, name="rotate_code"),
    path("unit/associations/<int:pk>/", views.association_decide, name="association_decide"),
    path("unit/applications/<int:pk>/", views.unit_application, name="unit_application"),
    path(
        "unit/applications/<int:pk>/<str:action>/",
        views.unit_application_decide,
        name="unit_application_decide",
    ),
]
