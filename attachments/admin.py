from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.constants import Process
from rules.forms import CleanTextMixin

from .constants import FileType
from .models import Attachment, AttachmentViewing, MaterialKind


class MaterialKindForm(CleanTextMixin, forms.ModelForm):
    processes = forms.MultipleChoiceField(
        label=_("processes"),
        choices=Process.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    accepted_types = forms.MultipleChoiceField(
        label=_("accepted file types"),
        choices=FileType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MaterialKind
        fields = [
            "code",
            "name_zh",
            "name_en",
            "processes",
            "accepted_types",
            "max_size",
            "validity_months",
            "rule_ids",
            "help_zh",
            "help_en",
            "is_active",
            "sort_order",
        ]


@admin.register(MaterialKind)
class MaterialKindAdmin(admin.ModelAdmin):
    form = MaterialKindForm
    list_display = (
        "code",
        "name_zh",
        "name_en",
        "process_list",
        "validity_months",
        "rule_ids",
        "is_active",
        "sort_order",
    )
    list_editable = ("is_active", "sort_order")
    list_filter = ("is_active",)
    search_fields = ("code", "name_zh", "name_en", "rule_ids")

    @admin.display(description=_("processes"))
    def process_list(self, obj: MaterialKind) -> str:
        return " ".join(obj.processes)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Attachments refer to their kind; retire a kind by making it inactive.
        return False


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Read-only: attachments are added through the portal and never deleted."""

    list_display = (
        "kind",
        "version",
        "owner_label",
        "original_name",
        "file_type",
        "is_current",
        "uploaded_by",
        "uploaded_at",
        "deleted_at",
    )
    list_filter = ("kind", "file_type", "is_current")
    search_fields = ("original_name", "sha256")
    list_select_related = ("kind", "uploaded_by", "content_type")
    readonly_fields = ("open_link",)
    exclude = ("file",)

    @admin.display(description=_("owner"))
    def owner_label(self, obj: Attachment) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model} #{obj.object_id}"

    @admin.display(description=_("file"))
    def open_link(self, obj: Attachment) -> str:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("attachments:serve", args=[obj.pk]),
            obj.download_name,
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AttachmentViewing)
class AttachmentViewingAdmin(admin.ModelAdmin):
    """Read-only: the audit of who saw which file."""

    list_display = ["at", "viewer", "attachment", "content_type", "object_id", "sight"]
    list_filter = ["sight", "content_type"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
