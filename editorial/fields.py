"""
The content fields every app shares. Each deconstructs to a plain Django field, so migrations name only Django:
a migration is history and must not import code that can change later.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from .i18n import language_name

# The rich-text toolbar every content field shares. The sanitizer is derived from this list, so what the editor
# can produce is exactly what survives saving.
RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
}


class RichTextField(ProseEditorField):
    """Rich text with the site's one toolbar, sanitized on every save (forms, shell, imports and seeding)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("extensions", RICH_TEXT_EXTENSIONS)
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value:
            value = self.sanitize(value)
            setattr(model_instance, self.attname, value)
        return value


def spoken_language_choices():
    return [(code, language_name(code, local=False)) for code in settings.SPOKEN_LANGUAGES]


def spoken_language_names(codes):
    """Names of spoken languages in the active language, in the order given ("Spanish, English")."""
    return [language_name(code, local=False) for code in codes]


class SpokenLanguagesField(models.JSONField):
    """A list of language codes (from `SPOKEN_LANGUAGES`), edited as checkboxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            label=capfirst(self.verbose_name),
            choices=spoken_language_choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            help_text=self.help_text or _("Languages spoken or interpreted."),
        )


def validate_site_link(value):
    """A link is a path on this site or an https address: never javascript:, data: or plain http."""
    is_path = value.startswith("/") and not value.startswith("//") and "\\" not in value
    if not is_path and not value.startswith("https://"):
        raise ValidationError(_('Use a page on this site ("/en/…") or an address starting with https://.'))


class SiteLinkField(models.CharField):
    """A link staff type in: a page of this site or an https:// address (see `validate_site_link`)."""

    default_validators = [validate_site_link]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
