"""
The site's languages, read from settings: the source language every translation starts from, and the others.

Code asks these functions instead of naming a language, so that adding one is configuration.
"""

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext_noop
from modeltranslation.utils import build_localized_fieldname

# Language names as they read inside a sentence ("disponible en español"). The project's catalogs take
# precedence over Django's, which capitalize them in some languages. Listed so makemessages keeps them.
LANGUAGE_NAMES = [
    gettext_noop("English"),
    gettext_noop("Spanish"),
    gettext_noop("Vietnamese"),
    gettext_noop("Simplified Chinese"),
    gettext_noop("Arabic"),
    gettext_noop("Korean"),
    gettext_noop("French"),
    gettext_noop("Portuguese"),
]


def source_language():
    return settings.LANGUAGE_CODE


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def target_languages():
    """Every language that is translated from the source language."""
    return [code for code in language_codes() if code != source_language()]


def active_language():
    code = get_language() or source_language()
    return code if code in language_codes() else source_language()


def language_name(code, *, local=True):
    """The language's name, in itself ("Español") or in the active language ("Spanish")."""
    info = get_language_info(code)
    # A language's own name stands alone (switcher, fieldset titles), so it starts with a capital: "Español".
    return capfirst(info["name_local"]) if local else str(info["name_translated"])


def localized_field(field_name, code):
    return build_localized_fieldname(field_name, code)


def localized(**fields):
    """`title={"en": ..., "es": ...}` as `{"title_en": ..., "title_es": ...}`, for the configured languages only."""
    values = {}
    for name, texts in fields.items():
        for code in language_codes():
            values[localized_field(name, code)] = texts.get(code, "")
    return values
