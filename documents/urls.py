from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("blank/<slug:kind>.pdf", views.blank, name="blank"),
    path("me/", views.mine, name="mine"),
    path("me/<slug:kind>.pdf", views.my_declaration, name="my_declaration"),
    path("unit/", views.unit_documents, name="unit"),
    path("unit/integrity.pdf", views.unit_integrity, name="unit_integrity"),
    path(
        "unit/employees/<int:pk>/<slug:kind>.pdf",
        views.employee_declaration,
        name="employee_declaration",
    ),
    path("unit/holders.xlsx", views.holders_export, name="holders_export"),
    path("receipts/<int:pk>.pdf", views.receipt_pdf, name="receipt"),
]
