from django import forms

from rules.forms import CleanTextMixin

from .models import Preference


class PreferenceForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["language"]
