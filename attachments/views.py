from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .access import get_attachment_for, get_owner_for
from .forms import UploadForm
from .models import Attachment, MaterialKind, Sight
from .panel import material_panel_context
from .services import attachment_seen, attachment_soft_delete, attachment_upload
from .thumbnails import thumbnail_for
from .uploadhandlers import SizeLimitUploadHandler
from .validation import too_large_message


def _is_xhr(request: HttpRequest) -> bool:
    return request.headers.get("x-requested-with") == "XMLHttpRequest"


def _next_url(params, request: HttpRequest, default: str) -> str:
    candidate = params.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _private_file_headers(response: HttpResponse, attachment: Attachment) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = f'"{attachment.sha256}"'
    # Revalidated each time, so that access withdrawn is access withdrawn; unchanged files
    # cost a 304.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _not_modified(request: HttpRequest, attachment: Attachment, suffix: str = "") -> bool:
    return request.headers.get("if-none-match") == f'"{attachment.sha256}{suffix}"'


def content_disposition(filename: str) -> str:
    """inline, with an ASCII fallback and the real name as RFC 5987 filename*."""
    ascii_name = filename.encode("ascii", "ignore").decode()
    ascii_name = " ".join(ascii_name.replace('"', "").replace("\\", "").split()).strip(" .")
    extension = filename.rpartition(".")[2] if "." in filename else ""
    if not ascii_name.rpartition(".")[0].strip(" ._-"):
        ascii_name = f"file.{extension}" if extension else "file"
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


@login_required
@require_safe
def material(request: HttpRequest, content_type_id: int, object_id: int, kind_code: str):
    owner = get_owner_for(request.user, content_type_id, object_id)
    kind = get_object_or_404(MaterialKind, code=kind_code)
    panel = material_panel_context(owner, kind, request.user, next_url=request.get_full_path())
    return render(request, "attachments/material_page.html", {"panel": panel})


@csrf_exempt  # checked by _upload, once the size-limiting upload handler is in place
@login_required
@require_POST
def upload(request: HttpRequest, content_type_id: int, object_id: int, kind_code: str):
    kind = get_object_or_404(MaterialKind.objects.active(), code=kind_code)
    owner = get_owner_for(request.user, content_type_id, object_id, write=True, kind=kind)
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request, limit=kind.max_size))
    return _upload(request, owner, kind)


@csrf_protect
def _upload(request: HttpRequest, owner: models.Model, kind: MaterialKind) -> HttpResponse:
    owner_type = ContentType.objects.get_for_model(owner)
    panel_url = reverse("attachments:material", args=[owner_type.pk, owner.pk, kind.code])
    form = UploadForm(request.POST, request.FILES, kind=kind)
    next_url = _next_url(request.POST, request, panel_url)
    attachment = None
    if getattr(request, "attachments_upload_too_large", False):
        form.refuse(too_large_message(kind.max_size))
    elif form.is_valid():
        try:
            attachment = attachment_upload(
                owner=owner,
                kind=kind,
                uploaded_file=form.cleaned_data["file"],
                uploaded_by=request.user,
                document_date=form.cleaned_data.get("document_date"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    if attachment is not None:
        message = _("%(kind)s: version %(version)s uploaded.") % {
            "kind": kind.name,
            "version": attachment.version,
        }
        if attachment.renamed_by_content:
            renamed = _("“%(name)s” is really a %(type)s file: it is kept as “%(kept)s”.") % {
                "name": attachment.original_name,
                "type": attachment.get_file_type_display(),
                "kept": attachment.download_name,
            }
            messages.warning(request, renamed)
        if _is_xhr(request):
            return JsonResponse(
                {"ok": True, "redirect": next_url, "id": attachment.pk, "message": message}
            )
        messages.success(request, message)
        return redirect(next_url)
    if _is_xhr(request):
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    panel = material_panel_context(owner, kind, request.user, form=form, next_url=next_url)
    return render(request, "attachments/material_page.html", {"panel": panel}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (one click must not delete); POST deletes."""
    attachment = get_attachment_for(request.user, pk, write=True)
    default = reverse(
        "attachments:material",
        args=[attachment.content_type_id, attachment.object_id, attachment.kind.code],
    )
    if request.method == "GET":
        return render(
            request,
            "attachments/delete_confirm.html",
            {"attachment": attachment, "next_url": _next_url(request.GET, request, default)},
        )
    attachment_soft_delete(attachment=attachment, by=request.user)
    messages.success(
        request,
        _("%(kind)s: version %(version)s deleted.")
        % {"kind": attachment.kind.name, "version": attachment.version},
    )
    return redirect(_next_url(request.POST, request, default))


@login_required
@require_safe
@xframe_options_sameorigin
def serve(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_attachment_for(request.user, pk)
    attachment_seen(attachment=attachment, by=request.user, sight=Sight.FILE)
    if _not_modified(request, attachment):
        return _private_file_headers(HttpResponseNotModified(), attachment)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.mime_type)
    response["Content-Disposition"] = content_disposition(attachment.download_name)
    return _private_file_headers(response, attachment)


@login_required
@require_safe
def thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_attachment_for(request.user, pk)
    attachment_seen(attachment=attachment, by=request.user, sight=Sight.THUMBNAIL)
    if _not_modified(request, attachment):
        return _private_file_headers(HttpResponseNotModified(), attachment)
    data, content_type = thumbnail_for(attachment)
    return _private_file_headers(HttpResponse(data, content_type=content_type), attachment)
