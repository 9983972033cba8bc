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
    path("unit/employees/", views.employees, name="employees"),
    path("unit/code/rotate/", views.rotate_code, name="rotate_code"),
    path("unit/associations/<int:pk>/", views.association_decide, name="association_decide"),
    path("unit/applications/<int:pk>/", views.unit_application, name="unit_application"),
    path(
        "unit/applications/<int:pk>/<str:action>/",
        views.unit_application_decide,
        name="unit_application_decide",
    ),
]
