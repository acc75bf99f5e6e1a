from django import forms
from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .i18n import language_name


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

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            label=capfirst(self.verbose_name),
            choices=spoken_language_choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            help_text=self.help_text or _("Languages spoken or interpreted."),
        )
