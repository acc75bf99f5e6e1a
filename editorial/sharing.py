"""
Share links, the way residents pass things on: WhatsApp, a text message, e-mail, Facebook, a calendar. Plain
links only: the site loads no third-party script and makes no request, so no one learns who reads or shares
what until the resident taps a link. Each app writes its own text (in the reader's language); this module only
builds the addresses, every part percent-encoded.
"""

import datetime
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from .escaping import mailto, one_line, plain_text


def _text(value):
    return plain_text(value).strip()


def whatsapp(text):
    """WhatsApp's documented share address: the app opens with `text` ready to send to whoever the resident picks."""
    return f"https://wa.me/?text={quote(_text(text), safe='')}"


def sms(text):
    """A text message with `text` as its body. `sms:?&body=` is the form both iOS and Android read."""
    return f"sms:?&body={quote(_text(text), safe='')}"


def email(subject, body):
    return mailto(subject=subject, body=body)


def facebook(url):
    """Facebook's sharer: it reads the page's Open Graph data itself, so only the address is passed."""
    return f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}"


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar(title, starts_at, ends_at, details="", location=""):
    """Google Calendar's "add event" form filled in (times in UTC, so the reader's calendar shows local time)."""
    query = {
        "action": "TEMPLATE",
        "text": one_line(title),
        "dates": f"{_utc(starts_at)}/{_utc(ends_at)}",
        "details": _text(details),
        "location": one_line(location),
    }
    return f"https://calendar.google.com/calendar/render?{urlencode(query, quote_via=quote)}"


def webcal(url):
    """A calendar's http(s) address as a subscription (`webcal://`): calendar apps then keep it up to date."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))
