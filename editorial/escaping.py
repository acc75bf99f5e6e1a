"""
Text on its way into formats other than HTML: calendars (.ics), feeds (XML), schema.org data (JSON in a
<script> element), download file names (Content-Disposition) and e-mail links (mailto:). Editors can type or paste
anything into a field, line breaks and invisible control characters included; each helper here makes it
something its format can carry, so a stray character never turns a page into a 500 or an invalid file.
"""

import json
import re
from urllib.parse import quote

from django.utils.http import content_disposition_header

# Every way text can break a line: "\r\n", a lone "\r", vertical tab, form feed, NEL and the Unicode separators.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# What XML 1.0 cannot carry at all (C0 controls but tab and line feed, surrogates, U+FFFE, U+FFFF), and the other
# invisible controls (DEL, C1) that iCalendar's TEXT excludes.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def plain_text(value):
    """`value` with every line break as "\\n" and no control character but tab and line feed."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", str(value)))


def one_line(value):
    """`value` as a single line: line breaks and tabs become spaces (a mail subject, a file name)."""
    return " ".join(plain_text(value).replace("\t", " ").split("\n")).strip()


# json_script's escapes (the data can never close the <script> element or open a comment), and the two line
# separators older JavaScript parsers refused inside strings.
_JSON_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def json_for_script(data):
    """`data` as JSON to put inside a <script> element (application/ld+json): nothing in it can end the element."""
    return json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)


def download_filename(name, fallback="download"):
    """A file name for a download: one line, no control characters or path separators; `fallback` if nothing is left."""
    name = one_line(name).replace("/", "-").replace("\\", "-").strip(" .")
    return name or fallback


def attachment_header(filename):
    """Content-Disposition for a download (RFC 6266, with RFC 5987's `filename*` for names beyond ASCII)."""
    return content_disposition_header(as_attachment=True, filename=download_filename(filename))


def mailto(address="", subject="", body=""):
    """
    A mailto: link (RFC 6068): every part percent-encoded, so a subject or body can add no header and no other
    recipient; the subject on one line, the body's line breaks as CRLF (%0D%0A) as the RFC asks.
    """
    fields = []
    if subject:
        fields.append(f"subject={quote(one_line(subject), safe='')}")
    if body:
        fields.append(f"body={quote(plain_text(body).replace(chr(10), chr(13) + chr(10)), safe='')}")
    query = f"?{'&'.join(fields)}" if fields else ""
    return f"mailto:{quote(one_line(address), safe='@')}{query}"
