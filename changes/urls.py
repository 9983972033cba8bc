from django.urls import path

from . import views

app_name = "changes"

# Mounted under /permits/ (portal.urls): the holder's pages under me/, the unit's under unit/.
urlpatterns = [
    path("me/changes/", views.mine, name="mine"),
    path("me/changes/start/<str:kind>/", views.start, name="start"),
    path("me/changes/<int:pk>/", views.edit, name="edit"),
    path("me/changes/<int:pk>/submit/", views.submit, name="submit"),
    path("unit/changes/", views.unit_list, name="unit_list"),
    path("unit/changes/<int:pk>/", views.unit_case, name="unit_case"),
    path("unit/changes/<int:pk>/<str:action>/", views.unit_decide, name="unit_decide"),
]
