from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rules.forms import CleanTextMixin


class ReturnForm(CleanTextMixin, forms.Form):
    """Return a case: a reason per material that needs fixing, and/or a general comment."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, materials=(), comment_label=None, **kwargs) -> None:
        """``materials``: what may be returned — objects with ``code``, ``name`` (shown) and
        ``name_zh`` (kept in the audit trail), e.g. MaterialKind rows."""
        super().__init__(*args, **kwargs)
        if comment_label:
            self.fields["comment"].label = comment_label
        self.materials = list(materials)
        for kind in self.materials:
            self.fields[f"reason_{kind.code}"] = forms.CharField(
                label=kind.name,
                required=False,
                max_length=500,
                widget=forms.TextInput(
                    attrs={"placeholder": _("Leave empty if the material is fine")}
                ),
            )

    def returned(self) -> list[tuple[str, str, str]]:
        return [
            (kind.code, kind.name_zh, self.cleaned_data[f"reason_{kind.code}"].strip())
            for kind in self.materials
            if self.cleaned_data.get(f"reason_{kind.code}", "").strip()
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.returned() and not cleaned.get("comment", "").strip():
            raise ValidationError(_("Give a reason for at least one material, or a comment."))
        return cleaned


class RejectForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ApproveForm(CleanTextMixin, forms.Form):
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000)
