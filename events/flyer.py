"""
The printable flyer of a meeting: its QR code, and the PDF that headless Chromium makes of it.

The PDF is made on the server from the flyer's own HTML with the stylesheet inlined (`python -m events.flyerpdf`
in a subprocess, with a timeout), then given what Chromium leaves out: the document's language (`/Lang`), its
title in the document info and the XMP metadata, and "show the title, not the file name". It is kept as a file,
GENERATED_ROOT/flyers/<pk>-<language>.<hash of the HTML>.pdf: any change to the flyer (text, place, styles) makes a
new name, so a stale PDF is never served, and any app server can make it again when it does not have it.
README, "Links and other formats".
"""

import contextlib
import fcntl
import hashlib
import io
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pikepdf
import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.html import escape
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

# Under GENERATED_ROOT (outreach/settings.py): made again on demand, never served by the web server.
FLYER_FOLDER = "flyers"


class FlyerPdfError(Exception):
    """The PDF could not be made (Chromium missing, failed or too slow)."""


def qr_svg(url, label):
    """
    `url` as a QR code, inline SVG with no style attribute (the CSP allows none), scaled by the stylesheet
    (no fixed size, a viewBox), named for screen readers by `label`.
    """
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="flyer__qr", lineclass="flyer__qr-line",
                          title=label)
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S308 (segno's markup; label escaped)


def stylesheet():
    """The site's built stylesheet, to inline in the document Chromium prints: it must fetch nothing."""
    path = finders.find("css/main.css")
    return Path(path).read_text(encoding="utf-8") if path else ""


def chromium_available():
    path = settings.CHROMIUM_PATH
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


def pdf_path(event, code, html):
    digest = hashlib.sha256(html.encode()).hexdigest()[:20]
    return Path(settings.GENERATED_ROOT) / FLYER_FOLDER / f"{event.pk}-{code}.{digest}.pdf"


def flyer_pdf(event, code, html, title):
    """The path of the flyer's PDF, made now if no app server has made this version yet here."""
    path = pdf_path(event, code, html)
    if path.exists():
        return path
    if not chromium_available():
        raise FlyerPdfError(f"Chromium is not installed at {settings.CHROMIUM_PATH} (CHROMIUM_PATH)")
    path.parent.mkdir(parents=True, exist_ok=True)
    # One rendering per flyer at a time in this folder: the others wait for it instead of starting Chromium too.
    with _locked(path.parent / f"{event.pk}-{code}.lock", settings.FLYER_PDF_TIMEOUT):
        if path.exists():
            return path
        pdf = render_pdf(html)
        pdf = tag_pdf(pdf, language=code, title=title)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as part:
            part.write(pdf)
        os.replace(part.name, path)  # atomic: a reader sees the whole file or none
        _remove_older_versions(path, event, code)
    return path


def render_pdf(html):
    timeout = settings.FLYER_PDF_TIMEOUT
    command = [sys.executable, "-m", "events.flyerpdf", settings.CHROMIUM_PATH, settings.FLYER_PDF_PAPER, str(timeout)]
    # A session of its own, so that a renderer that takes too long goes with everything it started (Playwright's
    # driver, Chromium and its helpers): the request gets its answer in FLYER_PDF_TIMEOUT seconds at most.
    process = subprocess.Popen(  # noqa: S603 (our interpreter, our module, a configured path)
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=settings.BASE_DIR,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(html.encode(), timeout=timeout + 2)
    except subprocess.TimeoutExpired as error:
        # SIGTERM first: Playwright's driver then closes the browsers it launched (they run in sessions of their
        # own, out of reach of this group's signals); SIGKILL if it does not go.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
        raise FlyerPdfError(f"Chromium took more than {settings.FLYER_PDF_TIMEOUT} s") from error
    if process.returncode != 0 or not out.startswith(b"%PDF"):
        raise FlyerPdfError(f"Chromium failed ({process.returncode}): {err.decode(errors='replace')[-500:]}")
    return out


def tag_pdf(pdf, *, language, title):
    """What Chromium's tagged PDF leaves out: the language, the title (info and XMP), and showing the title."""
    with pikepdf.open(_bytes_file(pdf)) as document:
        document.Root.Lang = pikepdf.String(language)
        document.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        document.docinfo["/Title"] = pikepdf.String(title)
        with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
            metadata["dc:title"] = title
            metadata["dc:language"] = [language]
        out = _bytes_file()
        document.save(out)
        return out.getvalue()


def _bytes_file(data=b""):
    return io.BytesIO(data)


def _remove_older_versions(path, event, code):
    # The dot ends the language: "1-zh.*" never matches another language's "1-zh-hans.….pdf".
    for old in path.parent.glob(f"{event.pk}-{code}.*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)


@contextlib.contextmanager
def _locked(path, timeout):
    with open(path, "a") as lock:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise FlyerPdfError("Another request is still making this PDF") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
