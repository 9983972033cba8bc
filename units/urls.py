from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("materials/", views.materials, name="materials"),
    path("apply/<slug:process>/", views.apply, name="apply"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/submit/", views.case_submit, name="case_submit"),
]
