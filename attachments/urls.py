from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("<int:pk>/", views.serve, name="serve"),
    path("<int:pk>/thumb/", views.thumbnail, name="thumbnail"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path(
        "upload/<int:content_type_id>/<int:object_id>/<slug:kind_code>/",
        views.upload,
        name="upload",
    ),
    path(
        "<int:content_type_id>/<int:object_id>/<slug:kind_code>/",
        views.material,
        name="material",
    ),
]
