import re

from crispy_forms.layout import Field
from django import forms
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from editorial.forms import TranslatedContentForm, get_form_helper
from editorial.i18n import language_codes, language_name, localized_field, source_language

from .models import Event, EventStatus

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


class EventAdminForm(TranslatedContentForm):
    apply_to_series = forms.BooleanField(
        label=_("Apply these changes to the later meetings of this weekly series"),
        required=False,
        help_text=_(
            "Title, texts, place, host, languages, image and the time of day are copied to every later meeting of "
            "the series; each keeps its own date."
        ),
    )
    # Editors only: the admin leaves it out of a translator's form (it would otherwise read as "unticked").
    publish_heard_notes = forms.BooleanField(
        label=_("Publish these notes"),
        required=False,
        help_text=_(
            "Tick once the meeting has ended and the English notes are ready: they appear on the meeting's page and "
            "in search, in Spanish where it is written and in English until it is. Untick to take them down."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "publish_heard_notes" in self.fields:
            self.fields["publish_heard_notes"].initial = self.instance.heard_notes_published_at is not None

    def clean(self):
        cleaned_data = super().clean()
        if "publish_heard_notes" in self.fields:
            self.clean_heard_notes_publishing(cleaned_data)
        return cleaned_data

    def clean_heard_notes_publishing(self, cleaned_data):
        """Publish the notes (dated now, or kept at their first date) or take them down, if that makes sense."""
        if not cleaned_data.get("publish_heard_notes"):
            self.instance.heard_notes_published_at = None
            return
        ends_at = cleaned_data.get("ends_at", self.instance.ends_at)
        event_status = cleaned_data.get("event_status", self.instance.event_status)
        source_notes = cleaned_data.get(localized_field("heard_notes", source_language()), "")
        if event_status != EventStatus.SCHEDULED:
            error = _("A cancelled or postponed meeting has no notes to publish.")
        elif ends_at is None or ends_at > timezone.now():
            error = _("Publish the notes once the meeting has ended.")
        elif not strip_tags(source_notes or "").strip():  # the editor may leave an empty paragraph
            error = _("Write the notes in %(language)s before publishing them.") % {
                "language": language_name(source_language(), local=False)
            }
        else:
            error = None
        if error:
            self.add_error("publish_heard_notes", error)
            return
        published = self.instance.heard_notes_published_at
        # Notes keep the date they were first published, unless the meeting was since moved to end after it.
        if published is None or published < ends_at:
            self.instance.heard_notes_published_at = timezone.now()


class ReplacementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, event):
        when = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
        return f"{event.title} — {when}, {event.venue.city}"


class CallOffForm(forms.Form):
    """What residents are told when meetings are cancelled or postponed: why, and where to go instead."""

    replacement = ReplacementChoiceField(
        label=_("Replacement meeting"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("None: suggest the next meeting nearby"),
        help_text=_(
            "The meeting residents should go to instead. Without one, the page suggests the next meeting "
            "in the same city."
        ),
    )
    whole_series = forms.BooleanField(
        label=_("Also the later meetings of the same weekly series"),
        required=False,
    )

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        for code in language_codes():
            is_source = code == source_language()
            self.fields[f"note_{code}"] = forms.CharField(
                label=_("Reason (%(language)s)") % {"language": language_name(code)},
                max_length=300,
                required=is_source,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Shown on the meeting's page, in the list, the feed and calendars.")
                if is_source
                else _("Optional: left empty, the reason is shown in %(language)s.")
                % {"language": language_name(source_language(), local=False)},
            )
        chosen = [event.pk for event in events]
        self.fields["replacement"].queryset = (
            Event.objects.upcoming()
            .filter(event_status=EventStatus.SCHEDULED)
            .exclude(pk__in=chosen)
            .select_related("venue")
        )
        self.order_fields([f"note_{code}" for code in language_codes()])

    def notes(self):
        return {code: self.cleaned_data[f"note_{code}"].strip() for code in language_codes()}
