import re

from crispy_forms.layout import Field
from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from editorial.forms import get_form_helper

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class EventFilterForm(forms.Form):
    """The upcoming-meetings filter (GET). Unknown or malformed values are reported, never a server error."""

    city = forms.CharField(label=_("City"), required=False, max_length=100)
    month = forms.CharField(label=_("Month"), required=False, max_length=7)

    def __init__(self, *args, cities=(), months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].widget = forms.Select(choices=[("", _("All cities")), *[(c, c) for c in cities]])
        self.fields["month"].widget = forms.Select(
            choices=[
                ("", _("Any month")),
                *[(f"{m:%Y-%m}", formats.date_format(m, "YEAR_MONTH_FORMAT")) for m in months],
            ]
        )
        self.helper = get_form_helper(
            Field("city", wrapper_class="col-sm-5"),
            Field("month", wrapper_class="col-sm-4"),
            submit_label=_("Show meetings"),
            form_class="row g-2 align-items-end event-filter",
        )

    def clean_city(self):
        return " ".join(self.cleaned_data["city"].split())

    def clean_month(self):
        value = self.cleaned_data["month"]
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        # Years are bounded so that "the month after" always exists.
        if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 9998:
            raise forms.ValidationError(_("Choose a month from the list."))
        return int(match[1]), int(match[2])
