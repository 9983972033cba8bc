from django.urls import path

from . import views

app_name = "applicants"

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("facts/", views.facts, name="facts"),
    path("materials/", views.materials, name="materials"),
    path("eligibility/", views.eligibility, name="eligibility"),
]
