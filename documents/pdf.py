"""HTML to PDF through WeasyPrint, with the Noto CJK fonts of the system embedded (STACK.md:
reportlab cannot embed them). The stylesheet (static/documents/pdf.css) names the fonts."""

from pathlib import Path
from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

PDF_TYPE = "application/pdf"
# The documents' stylesheet is a file, not a <style> in the templates: no template carries
# inline style (the CSP test reads them all).
STYLESHEET = Path(__file__).resolve().parent / "static" / "documents" / "pdf.css"


def render_pdf(template: str, context: dict) -> bytes:
    html = HTML(string=render_to_string(template, context))
    return html.write_pdf(stylesheets=[CSS(filename=STYLESHEET)])


def pdf_response(template: str, context: dict, *, filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context), content_type=PDF_TYPE)
    # Opened in the browser's viewer; saved under a readable (Chinese) name.
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response
