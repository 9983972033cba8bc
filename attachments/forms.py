from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from rules.forms import CleanTextMixin

from .models import MaterialKind
from .validation import SHORT_NAMES, format_size


class UploadForm(CleanTextMixin, forms.Form):
    """One file for one material kind; the content checks run in the upload service."""

    file = forms.FileField(label=_("File"), allow_empty_file=True)
    document_date = forms.DateField(
        label=_("Date on the document"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, kind: MaterialKind, **kwargs) -> None:
        # Several panels share a page: ids carry the kind's code to stay unique.
        kwargs.setdefault("auto_id", f"id_{kind.code}_%s")
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["file"].widget.attrs.update(
            {"accept": kind.accept_attribute, "data-max-size": str(kind.max_size)}
        )
        self.fields["file"].help_text = _("%(types)s, at most %(limit)s.") % {
            "types": "/".join(SHORT_NAMES[t] for t in kind.accepted_file_types),
            "limit": format_size(kind.max_size),
        }
        if kind.needs_document_date:
            self.fields["document_date"].required = True
            self.fields["document_date"].help_text = _(
                "The issue or result date printed on the document; it is valid for "
                "%(months)s months from that date."
            ) % {"months": kind.validity_months}
        else:
            del self.fields["document_date"]

    def refuse(self, message: str) -> None:
        """Show `message` at the file field of an unbound form: for a request refused
        before its body was read."""
        self.cleaned_data = {}
        self._errors = ErrorDict({"file": self.error_class([message])})
