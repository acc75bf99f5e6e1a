"""
Link-preview images (Open Graph `og:image`): a 1200 × 630 card with a page's title and its essentials in the
page's language, big and high-contrast enough to read at the size WhatsApp and Facebook show it.

Drawn with DejaVu Sans Bold, kept in editorial/fonts/ (its free licence beside it), so no system font is needed:
Pillow's bundled `ImageFont.load_default(size=…)` draws only ASCII (boxes for "ó", "ñ", "¿"). Each card is a
file under GENERATED_ROOT/share/ named after the item, the language and a hash of exactly what is drawn: an edit
makes a new file (and a new address, so no preview cache keeps the old picture), and any app server that lacks
the file draws it again on the first request. Older versions of the same card are removed when a new one is
drawn, so the folder holds one file per item and language.
"""

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from .escaping import one_line

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BACKGROUND = "#0b2545"  # the site's dark blue; white on it is well above WCAG's 7:1
TEXT = "#ffffff"
ACCENT = "#ffd166"
# Bumped when the drawing changes, so every card is drawn again in the new design.
DESIGN = "1"


@dataclass
class ShareCard:
    kind: str  # "event", "fact-check", "site"
    key: str  # the item's primary key ("site" for the default card)
    language: str
    label: str  # a short line above the title ("Community meeting")
    title: str
    lines: list = field(default_factory=list)  # date, time, place…
    footer: str = ""  # who and where: the organization and the site's address

    @property
    def digest(self):
        drawn = [DESIGN, self.label, self.title, self.lines, self.footer]
        return hashlib.sha256(json.dumps(drawn, ensure_ascii=False).encode()).hexdigest()[:16]

    @property
    def alt(self):
        """What the picture says, for `og:image:alt`."""
        return ". ".join(part.rstrip(".") for part in [self.label, self.title, *self.lines] if part) + "."

    @property
    def filename(self):
        return f"{self.kind}-{self.key}-{self.language}-{self.digest}.png"

    @property
    def path(self):
        return Path(settings.GENERATED_ROOT) / "share" / self.filename

    def file(self):
        """The card's file, drawn first if this server does not have it yet."""
        path = self.path
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed: a request arriving meanwhile never reads half a file.
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                draw(self).save(out, "PNG", optimize=True)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
            for older in path.parent.glob(f"{self.kind}-{self.key}-{self.language}-*.png"):
                if older != path:
                    older.unlink(missing_ok=True)
        return path


FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans-Bold.ttf"


def _font(size):
    return ImageFont.truetype(FONT, size)


def wrap(text, font, width, max_lines):
    """`text` in lines no wider than `width`, at most `max_lines` (the last ends with "…" when text is left)."""
    words = one_line(text).split()
    lines, current = [], ""
    for word in words:
        while font.getlength(word) > width:  # a word longer than the line: cut it
            cut = len(word)
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and font.getlength(f"{last}…") > width:
            last = last[:-1].rstrip()
        lines = [*lines[: max_lines - 1], f"{last}…"]
    return lines


def draw(card):
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    y = MARGIN
    pen.rectangle([0, 0, 16, HEIGHT], fill=ACCENT)
    if card.label:
        font = _font(40)
        pen.text((MARGIN, y), wrap(card.label, font, width, 1)[0], font=font, fill=ACCENT)
        y += 64
    footer_font, line_font = _font(34), _font(44)
    lines_height = len(card.lines) * 58
    room = HEIGHT - MARGIN - 60 - lines_height - y  # what the title may take
    # The largest size at which the whole title fits; the smallest one cuts it with "…" if even that is too long.
    for title_size in (72, 64, 56):
        title_font = _font(title_size)
        title_lines = wrap(card.title, title_font, width, max(1, room // int(title_size * 1.2)))
        if not title_lines or not title_lines[-1].endswith("…"):
            break
    for line in title_lines:
        pen.text((MARGIN, y), line, font=title_font, fill=TEXT)
        y += int(title_size * 1.2)
    y += 16
    for line in card.lines:
        pen.text((MARGIN, y), wrap(line, line_font, width, 1)[0], font=line_font, fill=TEXT)
        y += 58
    if card.footer:
        footer = wrap(card.footer, footer_font, width, 1)[0]
        pen.text((MARGIN, HEIGHT - MARGIN - 34), footer, font=footer_font, fill=ACCENT)
    return image
