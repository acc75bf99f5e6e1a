"""
What a text said before and after, as a word diff a person can read: removed words in <del>, added words in <ins>,
long unchanged stretches shortened to a few words either side of each change.

Rich text is compared as the words a reader sees (markup removed, paragraphs kept as line breaks), so a change of
formatting alone is no change. Every piece of text is escaped here, one by one: the result is safe HTML whatever
the text held.
"""

import difflib
from html.parser import HTMLParser

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

PARAGRAPH = "\n"  # the token standing for a paragraph (or line) break between words
ELLIPSIS = "…"
CHANGE_HTML = {
    "delete": '<del><span class="visually-hidden"{}>{} </span>{}</del>',
    "insert": '<ins><span class="visually-hidden"{}>{} </span>{}</ins>',
}

# Elements after which the text starts on a new line. Whatever else the sanitizer lets through runs on inline.
BLOCK_ELEMENTS = {
    "p", "div", "br", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "table", "tr",
}  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_ELEMENTS:
            self.pieces.append(PARAGRAPH)

    def handle_endtag(self, tag):
        if tag in BLOCK_ELEMENTS:
            self.pieces.append(PARAGRAPH)

    def handle_data(self, data):
        self.pieces.append(data)


def plain_text(value, *, rich=False):
    """
    The text as a reader sees it: for rich text, its words without the markup, each paragraph on a line of its
    own; for plain text, its own lines. Runs of spaces are one space and blank lines are dropped.
    """
    value = str(value or "")
    if rich:
        extractor = _TextExtractor()
        extractor.feed(value)
        extractor.close()
        value = "".join(extractor.pieces)
    lines = (" ".join(line.split()) for line in value.splitlines())
    return PARAGRAPH.join(line for line in lines if line)


def tokens(text):
    """Words, with PARAGRAPH between the lines."""
    result = []
    for line in text.split(PARAGRAPH):
        if result:
            result.append(PARAGRAPH)
        result.extend(line.split())
    return result


def diff_segments(old, new):
    """[(kind, tokens)] with kind "equal", "delete" or "insert", in reading order (a deletion before its insertion)."""
    old_tokens, new_tokens = tokens(old), tokens(new)
    segments = []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            segments.append(("equal", new_tokens[new_start:new_end]))
        if operation in ("delete", "replace"):
            segments.append(("delete", old_tokens[old_start:old_end]))
        if operation in ("insert", "replace"):
            segments.append(("insert", new_tokens[new_start:new_end]))
    return segments


def shortened(segments, context):
    """Unchanged stretches longer than `context` words either side of a change, cut down to that (with "…")."""
    if context is None:
        return segments
    result = []
    last = len(segments) - 1
    for index, (kind, words) in enumerate(segments):
        if kind == "equal":
            keep_start = index > 0  # words just after a change
            keep_end = index < last  # words just before the next change
            limit = context * (keep_start + keep_end)
            if len(words) > limit + 1:
                head = words[:context] if keep_start else []
                tail = words[len(words) - context :] if keep_end and context else []
                words = [*head, ELLIPSIS, *tail]
        result.append((kind, words))
    return result


def _html_of(words):
    """Escaped words, with a line break for each paragraph break."""
    lines, line = [], []
    for word in words:
        if word == PARAGRAPH:
            lines.append(line)
            line = []
        else:
            line.append(word)
    lines.append(line)
    return mark_safe("<br>".join(escape(" ".join(line)) for line in lines))  # noqa: S308 (each line escaped)


def word_diff(old, new, *, rich=False, context=12, lang=None):
    """
    Safe HTML of the word diff from `old` to `new`. Each change starts with a label screen readers say ("removed:",
    "added:"); the labels are in the active language, marked as such when the text is in another (`lang`).
    """
    segments = shortened(diff_segments(plain_text(old, rich=rich), plain_text(new, rich=rich)), context)
    active = get_language()
    label_lang = format_html(' lang="{}"', active) if lang and active and lang != active else ""
    labels = {"delete": _("removed:"), "insert": _("added:")}
    pieces = []
    for kind, words in segments:
        text = _html_of(words)
        if kind == "equal":
            if text:
                pieces.append(text)
            continue
        # A change of paragraph breaks alone still shows, as a pilcrow.
        text = text if any(word != PARAGRAPH for word in words) else "¶"
        pieces.append(format_html(CHANGE_HTML[kind], label_lang, labels[kind], text))
    return mark_safe(" ".join(pieces))  # noqa: S308 (every piece is escaped above)


def visible_changes(changes):
    """
    django-simple-history's changes without those nobody can see: a text that went from empty ("") to no value
    (None) or back (an item made in code stores "", the admin's form saves an empty translation as None).
    """
    return [change for change in changes if not (change.old in ("", None) and change.new in ("", None))]
