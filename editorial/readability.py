"""
An estimated reading level for writers: a nudge beside the admin's summary and step fields, never a rule.

The site aims at what GOV.UK aims at, a reading age of 9 (READING_AGE_TARGET). Each language uses textstat's formula
made for it (textstat 0.7.8, pinned: later releases download NLTK data at run time):
- English: the Flesch-Kincaid grade, a US school grade; the reading age is the grade plus 5 (grade 4 ≈ age 9).
- Spanish: Szigriszt-Pazos' perspicuity, read on the INFLESZ scale (Barrio-Cantalejo et al., 2008), whose bands name
  the school stage a text suits; the reading age is that stage's middle.
A language without a formula gets no estimate rather than a wrong one. Formulas count sentences and syllables: they
cannot tell whether words are familiar, so the estimate is a prompt to reread, not a verdict.
"""

import html
import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext_lazy as _

# GOV.UK writes for a reading age of 9.
DEFAULT_TARGET_AGE = 9
# Below this many words a formula says more about the formula than the text.
MIN_WORDS = 4
# The youngest and oldest ages an estimate names: beyond them the formulas run out of meaning (a grade below 1,
# or "grade 34" for one endless sentence). The oldest reads as "18+".
YOUNGEST = 6
OLDEST = 18

# INFLESZ bands of the Szigriszt-Pazos score: (lowest score, plain description, reading age).
INFLESZ_BANDS = [
    (80, _("very easy"), 9),  # primary school
    (65, _("fairly easy"), 11),  # end of primary school
    (55, _("normal"), 14),  # lower secondary school (ESO)
    (40, _("somewhat difficult"), 17),  # upper secondary school (bachillerato)
    (float("-inf"), _("very difficult"), OLDEST),  # university and technical texts
]

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|dd|dt|blockquote|div)\s*>|<br\s*/?>", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:;]\s*$")


@dataclass(frozen=True)
class ReadingLevel:
    age: int
    target: int
    # The formula's own number and what it means, for writers who know them: "Flesch-Kincaid grade 6".
    detail: str

    @property
    def above_target(self):
        return self.age > self.target

    @property
    def age_label(self):
        return f"{self.age}+" if self.age >= OLDEST else str(self.age)


def target_age():
    return getattr(settings, "READING_AGE_TARGET", DEFAULT_TARGET_AGE)


def plain_text(text, rich=False):
    """
    The words a reader reads, one sentence per paragraph or list item at least: rich text without its markup, and
    a line without closing punctuation (a list item, a heading) ended as a sentence, as a reader takes it.
    """
    text = str(text or "")
    if rich:
        text = html.unescape(strip_tags(_BLOCK_END.sub("\n", text)))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return " ".join(line if _SENTENCE_END.search(line) else f"{line}." for line in lines if line)


@cache
def _statistics(lang):
    # One textstat object per language: its language is its own, so requests in two languages do not meet.
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang(lang)
    return stats


def english(text):
    grade = _statistics("en_US").flesch_kincaid_grade(text)
    return ReadingLevel(
        age=min(OLDEST, max(YOUNGEST, round(grade + 5))),
        target=target_age(),
        detail=_("Flesch-Kincaid grade %(grade)s") % {"grade": max(0, round(grade, 1))},
    )


def spanish(text):
    score = _statistics("es").szigriszt_pazos(text)
    lowest, description, age = next(band for band in INFLESZ_BANDS if score >= band[0])
    return ReadingLevel(
        age=age,
        target=target_age(),
        detail=_("INFLESZ %(score)s, %(description)s") % {"score": round(score), "description": description},
    )


FORMULAS = {"en": english, "es": spanish}


def reading_level(text, language, rich=False):
    """The estimated `ReadingLevel` of `text` written in `language`, or None (no text, too short, no formula)."""
    formula = FORMULAS.get(str(language).split("-")[0].lower())
    if formula is None:
        return None
    text = plain_text(text, rich)
    if len(text.split()) < MIN_WORDS:
        return None
    try:
        return formula(text)
    except (ArithmeticError, ValueError):  # an odd text (no letters) must not stop the form from showing
        return None


def reading_level_html(level):
    """ "Reading level: about age 11 (target: 9)", as a line under a field; empty when there is no estimate."""
    if level is None:
        return ""
    summary = _("Reading level: about age %(age)s (target: %(target)s)") % {
        "age": level.age_label,
        "target": level.target,
    }
    advice = _("Above the target: try shorter sentences and everyday words.") if level.above_target else ""
    return format_html(
        '<div class="reading-level{}">{} <span class="reading-level__detail">({})</span>{}</div>',
        " reading-level--above" if level.above_target else "",
        summary,
        level.detail,
        format_html(' <strong class="reading-level__advice">{}</strong>', advice) if advice else "",
    )
