"""HTML to PDF through WeasyPrint, with the Noto CJK fonts of the system embedded (STACK.md:
reportlab cannot embed them). The templates name the fonts in their stylesheet."""

from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML

PDF_TYPE = "application/pdf"


def render_pdf(template: str, context: dict) -> bytes:
    return HTML(string=render_to_string(template, context)).write_pdf()


def pdf_response(template: str, context: dict, *, filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context), content_type=PDF_TYPE)
    # Opened in the browser's viewer; saved under a readable (Chinese) name.
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response
