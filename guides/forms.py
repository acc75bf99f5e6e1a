"""
The request packet of the certification guide: what a resident chooses to type, turned into a letter they print.

Nothing of it is kept anywhere: the form is posted, the letter is rendered in the answer and forgotten. So the
values never go to a model, a log line, an error report, a URL or an e-mail; the functions they pass through are
marked `sensitive_variables` (Django's error reports then hide their local variables) and the view
`sensitive_post_parameters`. Objects holding them never show them in `repr()`, which Django's template engine
writes to its debug log when a lookup fails.
"""

import datetime
from dataclasses import dataclass, field

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from editorial.fields import spoken_language_choices
from editorial.forms import submit_button
from editorial.i18n import active_language, language_name

NAME_LENGTH = 120
CASE_NUMBER_LENGTH = 60
CONTACT_LENGTH = 400

TOO_LONG = _("Please shorten this to %(limit_value)d characters or fewer. It has %(show_value)d.")


class Certification:
    """The two federal forms a certifying official signs. Values are what the form sends, not what it shows."""

    U_VISA = "u-visa"
    T_VISA = "t-visa"

    CHOICES = [
        (U_VISA, _("U visa: Form I-918, Supplement B (victims of certain crimes)")),
        (T_VISA, _("T visa: Form I-914, Supplement B (victims of human trafficking)")),
        ("", _("I am not sure yet: name both forms in the letter")),
    ]


@dataclass(repr=False)
class RequestLetter:
    """What goes into one letter: only what the resident typed (empty strings where they typed nothing)."""

    name: str = ""
    case_number: str = ""
    crime_date: datetime.date | None = None
    contact: str = ""
    reply_language: str = ""
    certification: str = ""
    written_on: datetime.date = field(default_factory=timezone.localdate)

    def __repr__(self):
        # Never the values: a failed template lookup logs the repr of the object it was made on.
        return "<RequestLetter>"

    @property
    def asks_for_u_visa(self):
        return self.certification == Certification.U_VISA

    @property
    def asks_for_t_visa(self):
        return self.certification == Certification.T_VISA

    @property
    def reply_language_name(self):
        return language_name(self.reply_language, local=False) if self.reply_language else ""


class RequestLetterForm(forms.Form):
    """Every field optional: what is left empty stays a blank line on the letter, to write by hand or not at all."""

    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=NAME_LENGTH,
        error_messages={"max_length": TOO_LONG},
        help_text=_("As it appears on the police report, if you know it."),
    )
    case_number = forms.CharField(
        label=_("Case or police report number"),
        required=False,
        max_length=CASE_NUMBER_LENGTH,
        error_messages={"max_length": TOO_LONG},
        help_text=_("It is on the paper the officer gave you, or on the report."),
    )
    crime_date = forms.DateField(
        label=_("Date of the crime or of the report"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("We could not read this date. Write it like 2025-03-15, or leave it empty.")},
        help_text=_("An approximate date is fine."),
    )
    contact = forms.CharField(
        label=_("How the department can reach you"),
        required=False,
        max_length=CONTACT_LENGTH,
        error_messages={"max_length": TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "A phone number, an e-mail address or a mailing address: only one that is safe for you, or your lawyer's."
        ),
    )
    reply_language = forms.ChoiceField(label=_("Language for the reply"), required=False)
    certification = forms.ChoiceField(
        label=_("Which certification you are asking for"),
        required=False,
        choices=Certification.CHOICES,
        widget=forms.RadioSelect,
        help_text=_("A legal aid organization can help you choose."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_language"].choices = [("", _("No preference")), *spoken_language_choices()]
        self.initial.setdefault("reply_language", active_language())
        for name in ("name", "case_number", "contact"):
            # A shared phone or computer must not offer what was typed here to the next person.
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["name"].widget.attrs["autocapitalize"] = "words"
        self.helper = FormHelper()
        self.helper.form_class = "request-letter-form"
        self.helper.layout = Layout(
            Field("name"),
            Field("case_number"),
            Field("crime_date", wrapper_class="request-letter-form__date"),
            Field("contact"),
            Field("reply_language"),
            Field("certification"),
            submit_button(_("Make my letter"), css_class="btn-primary btn-lg"),
        )

    def __repr__(self):
        return f"<{type(self).__name__}>"

    @sensitive_variables()
    def clean_crime_date(self):
        value = self.cleaned_data["crime_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future. Check it, or leave it empty."), code="future")
        if value and value.year < 1900:
            raise forms.ValidationError(_("Check the year of this date, or leave it empty."), code="too-old")
        return value

    @sensitive_variables()
    def letter(self):
        """The letter made of the valid form's values, trimmed. Call only after `is_valid()`."""
        data = self.cleaned_data
        return RequestLetter(
            name=data["name"].strip(),
            case_number=data["case_number"].strip(),
            crime_date=data["crime_date"],
            contact=data["contact"].strip(),
            reply_language=data["reply_language"],
            certification=data["certification"],
        )
