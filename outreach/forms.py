import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from editorial.fields import spoken_language_choices
from editorial.forms import get_form_helper, submit_button
from events.forms import CallOffForm


class SearchForm(forms.Form):
    # No max_length: an over-long query is shortened and searched, with a note, rather than refused.
    q = forms.CharField(label=_("Search the site"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A search box (phones show a search key), still a TextInput to crispy and the CSS; a `type` in attrs
        # would be written as a second, invalid `type` attribute.
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs.update(autocomplete="off")
        self.helper = get_form_helper(
            Field("q", wrapper_class="col-sm-8"),
            submit_label=_("Search"),
            form_class="search-form row g-2 align-items-end",
        )


ASK_SALT = "outreach.ask-form"


class AskForm(forms.Form):
    """
    A question, and nothing about who asks it. Two spam defences travel in the form itself: a field people
    never see (bots fill it) and the signed time the form was shown (bots submit at once).
    """

    text = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Write in any language. Please do not include your name, address or phone number."),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic (optional)"), queryset=None, required=False, empty_label=_("Not sure / other")
    )
    # The honeypot: hidden from people by CSS and from screen readers, named like a field bots love to fill.
    website = forms.CharField(label=_("Leave this empty"), required=False)
    shown_at = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        from .models import FaqCategory

        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["maxlength"] = settings.QUESTION_MAX_LENGTH
        self.fields["topic"].queryset = FaqCategory.objects.all()
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")
        self.submitted_stamp = self.data.get(self.add_prefix("shown_at")) if self.is_bound else None
        # A fresh stamp every time the form is shown, including after an error.
        self.initial["shown_at"] = signing.TimestampSigner(salt=ASK_SALT).sign(str(int(time.time())))
        if self.is_bound:
            self.data = self.data.copy()
            self.data[self.add_prefix("shown_at")] = self.initial["shown_at"]
        self.helper = FormHelper()
        self.helper.form_class = "ask-form"
        self.helper.layout = Layout(
            Field("text"),
            Field("topic"),
            Div(Field("website"), css_class="ask-form__trap", aria_hidden="true"),
            Field("shown_at"),
            submit_button(_("Send my question"), css_class="btn-primary btn-lg"),
        )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 5:
            raise forms.ValidationError(_("Please write a little more, so we can understand your question."))
        if len(text) > settings.QUESTION_MAX_LENGTH:
            raise forms.ValidationError(
                _("Please shorten your question to %(limit)s characters or fewer. It has %(length)s.")
                % {"limit": settings.QUESTION_MAX_LENGTH, "length": len(text)}
            )
        return text

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise forms.ValidationError(
                _("Your question could not be sent. Please check it and send it again."), code="trap"
            )
        try:
            shown_at = int(signing.TimestampSigner(salt=ASK_SALT).unsign(self.submitted_stamp, max_age=86400))
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("This form was open too long or was damaged. Your question is still here: please send it again."),
                code="stale",
            ) from None
        if time.time() - shown_at < settings.ASK_MIN_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Please read your question once more and send it again."), code="too-fast"
            )
        return cleaned_data


class ResourceFilterForm(forms.Form):
    """
    What residents narrow a kind of help by: a language they speak and whether it costs anything. Sent by GET with
    the kind of help; an unknown language is reported beside the field and the rest of the filter still applies.
    """

    category = forms.CharField(widget=forms.HiddenInput)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    free = forms.BooleanField(label=_("Free of charge only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any language")), *spoken_language_choices()]
        self.helper = get_form_helper(
            "category",
            Field("language", wrapper_class="col-sm-5"),
            Field("free", wrapper_class="col-sm-4"),
            submit_label=_("Show organizations"),
            form_class="row g-2 align-items-end resource-filter",
        )

    def filters(self):
        """{field: value} of the valid, chosen filters (an invalid field is left out, not the whole filter)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in ("language", "free") if cleaned.get(name)}


class CallOffWithAlertForm(CallOffForm):
    raise_alert = forms.BooleanField(
        label=_("Also show an alert at the top of every page until the meeting's time"),
        required=False,
        help_text=_("In every language, linking the meeting's page. You can change or remove it under Alerts."),
    )
