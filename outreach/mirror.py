"""
The static mirror (README, "Static mirror"): every public page in every language written as plain files into
STATIC_MIRROR_ROOT, for the web server in front to fall back on when no app server answers, or for any static host.

Pages are rendered in this process by Django's test client, as an anonymous visitor with no cookies, through the
same URL patterns, middleware and templates as a real request; django-distill would instead need every URL pattern
wrapped in its own path function with a list of arguments, which the translated paths under i18n_patterns make
invasive. The crawl starts from every page the sitemaps list (every language), the feeds, calendars, robots.txt and
the sitemaps themselves, and follows every link of the site found in what it writes, so links in the mirror lead
to files in the mirror (or to what `LEFT_OUT` names).

A query string cannot be part of a file's name: a link "?page=2" or "?topic=…" leads to the page without it.
The ask page is written from its own template, which says the form is unavailable and gives the numbers to call.

Incremental: `manifest.json` in the folder holds each file's content hash and the content stamp (hashed) the
mirror was made from; a run writes only files whose bytes changed (each through a temporary file and a rename, so
the web server never reads half a page) and deletes files that are no longer part of the site. A page answering
with a server error (the database is down) stops the run before anything is deleted: an outage must never empty
the mirror it is meant to fall back on.
"""

import hashlib
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http.request import split_domain_port, validate_host
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from editorial.i18n import language_codes, source_language
from editorial.links import site_domain, site_scheme
from editorial.pagecache import current_stamp

from .models import SiteSettings

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
ASK_TEMPLATE = "outreach/ask_unavailable.html"
ROOT_TEMPLATE = "outreach/mirror_root.html"

# Pages a plain file cannot stand in for: they answer a visitor's input (search, votes), send a form with its CSRF
# cookie, or make a file on demand (share pictures, flyer PDFs). Links to them stay; the web server answers them
# with the outage page while the app servers are down.
LEFT_OUT = frozenset(
    {
        "outreach:search",
        "outreach:share-image",
        "outreach:fact-check-share-image",
        "events:event-share-image",
        "events:event-flyer-pdf",
        "guides:guide-request-letter",
        "editorial:helpful-vote",
        "editorial:helpful-thanks",
    }
)

# What a page's bytes are saved as when its address ends with "/": index.<extension>, by its content type.
INDEX_EXTENSIONS = {
    "text/html": "html",
    "application/rss+xml": "xml",
    "application/atom+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/calendar": "ics",
    "application/json": "json",
    "text/plain": "txt",
}

# A feed with no dates of its own says it was built "now": that line alone never makes it a new file.
BUILD_DATE = re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>")
LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#]+)""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')#?]+)""")


class MirrorError(Exception):
    """The site did not answer as it should (a 5xx: the database is down?): the mirror is not brought up to date."""


@dataclass
class Result:
    written: list = field(default_factory=list)
    deleted: list = field(default_factory=list)
    unchanged: int = 0
    skipped: bool = False

    @property
    def files(self):
        return len(self.written) + self.unchanged


def mirror_root():
    return Path(settings.STATIC_MIRROR_ROOT)


def left_out(path):
    """Whether the page at `path` is one the mirror leaves out (LEFT_OUT), or no page of the site at all."""
    match = resolve_page(path)
    return match is None or match.view_name in LEFT_OUT


def resolve_page(path):
    """resolve() in the language of the address: translated paths only match in their own language."""
    with translation.override(translation.get_language_from_path(path) or source_language()):
        try:
            return resolve(path)
        except Resolver404:
            return None


def request_host():
    """The host pages are asked for with: SITE_URL's, or the first ALLOWED_HOSTS names if SITE_URL's is not allowed."""
    domain = site_domain()
    if validate_host(split_domain_port(domain)[0], settings.ALLOWED_HOSTS):
        return domain
    return next((host for host in settings.ALLOWED_HOSTS if host and not host.startswith((".", "*"))), domain)


def stamp_digest():
    """The page cache's content stamp, hashed (the token itself is never written anywhere public); None if unread."""
    stamp = current_stamp()
    return hashlib.sha256(stamp.token.encode()).hexdigest() if stamp else None


def read_manifest(root):
    try:
        return json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"stamp": None, "files": {}}


def export(root=None, *, if_changed=False):
    """Bring the mirror in `root` (STATIC_MIRROR_ROOT) up to date with the site; return what was done."""
    root = Path(root or mirror_root())
    old = read_manifest(root)
    stamp = stamp_digest()  # before rendering: a change during the run makes the next run export again
    if if_changed and stamp is not None and stamp == old.get("stamp") and (root / MANIFEST).exists():
        return Result(skipped=True)
    result, digests = Result(), {}

    def keep(name, body):
        digests[name] = digest_of(body)
        if old["files"].get(name) == digests[name] and (root / name).is_file():
            result.unchanged += 1
        else:
            write_atomically(root / name, body)
            result.written.append(name)

    Renderer(keep).render_all()
    for name in sorted(set(old["files"]) - set(digests)):
        remove(root, name)
        result.deleted.append(name)
    manifest = {"stamp": stamp, "files": digests}
    write_atomically(root / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return result


def digest_of(body):
    return hashlib.sha256(BUILD_DATE.sub(b"", body)).hexdigest()


def write_atomically(path, body):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".mirror-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(body)
        os.chmod(temporary, 0o644)  # the web server's user reads it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove(root, name):
    path = root / name
    if root.resolve() not in path.resolve().parents:
        return  # not a file of the mirror (a manifest edited by hand)
    path.unlink(missing_ok=True)
    # Folders left empty go too, up to the mirror's own.
    for folder in path.parents:
        if folder == root or root not in folder.parents:
            break
        try:
            folder.rmdir()
        except OSError:
            break


def file_name(path, content_type=""):
    """The file (relative to the mirror) that answers `path`: "/en/faq/" -> "en/faq/index.html"."""
    parts = [unquote(part) for part in path.split("/")]
    if any(part in {".", ".."} or "\\" in part for part in parts):
        raise ValueError(f"not a page address: {path!r}")
    name = "/".join(parts).lstrip("/")
    if not name or name.endswith("/"):
        extension = INDEX_EXTENSIONS.get(content_type.split(";")[0].strip(), "html")
        name += f"index.{extension}"
    return name


class Renderer:
    """Renders the site, page by page, the way an anonymous visitor on SITE_URL would get it."""

    def __init__(self, keep):
        self.keep = keep  # called with each file's name and bytes
        self.host = request_host()
        self.client = Client(headers={"host": self.host})
        self.secure = site_scheme() == "https"
        self.seen = set()
        self.queue = []

    def render_all(self):
        for path in self.seeds():
            self.visit(path)
        while self.queue:
            self.render(self.queue.pop())

    def seeds(self):
        from .urls import sitemaps

        yield "/"
        yield reverse("robots")
        yield reverse("sitemap")
        for section, sitemap_class in sitemaps.items():
            yield reverse("sitemap-section", kwargs={"section": section})
            sitemap = sitemap_class()
            for number in sitemap.paginator.page_range:
                for url in sitemap.get_urls(page=number):
                    yield urlsplit(url["location"]).path
        for code in language_codes():
            with translation.override(code):
                for name in ("events:feed", "events:calendar", "policies:policy-changes-feed"):
                    yield reverse(name)

    def visit(self, path):
        path = urlsplit(path).path
        if path and path not in self.seen:
            self.seen.add(path)
            self.queue.append(path)

    def render(self, path):
        if path.startswith(settings.STATIC_URL):
            return self.copy_static(path)
        if path.startswith(settings.MEDIA_URL):
            return self.copy_media(path)
        if path == "/":
            return self.write(path, self.render_template(path, ROOT_TEMPLATE, source_language()), "text/html")
        if left_out(path):
            return
        if resolve_page(path).view_name == "outreach:ask":
            return self.write(path, self.render_template(path, ASK_TEMPLATE), "text/html")
        response = self.client.get(path, secure=self.secure)
        if response.status_code >= 500:
            # Deleting every page the site failed to give would empty the mirror just when it is needed most.
            raise MirrorError(f"{path} answered {response.status_code}; files not written yet are left as they were")
        if response.status_code != 200 or getattr(response, "streaming", False):
            return
        if response.cookies:
            # Never copy what one visitor was given to every visitor; LEFT_OUT should name this page.
            logger.warning("static mirror: %s sets a cookie and is left out", path)
            return
        self.write(path, response.content, response.get("Content-Type", ""))

    def write(self, path, body, content_type):
        self.keep(file_name(path, content_type), body)
        if content_type.startswith("text/html"):
            for link in LINK.findall(body.decode("utf-8", "replace")):
                self.follow(path, link)

    def follow(self, base, link):
        url = urlsplit(urljoin(base, link.strip()))
        if (url.scheme or url.netloc) and (url.scheme, url.netloc) != (site_scheme(), site_domain()):
            return
        self.visit(url.path)

    def render_template(self, path, template, language=None):
        """A page of the mirror's own (the root, the ask page), with the site's layout and context."""
        request = RequestFactory().get(path, secure=self.secure, headers={"host": self.host})
        request.user = AnonymousUser()
        language = language or translation.get_language_from_path(path) or source_language()
        with translation.override(language):
            request.LANGUAGE_CODE = language
            if path != "/":
                request.resolver_match = resolve_page(path)
            site = SiteSettings.load()
            contacts = {"emergency": site.emergency_number, "non_emergency": site.non_emergency_number}
            return render_to_string(template, {"contacts": contacts}, request).encode()

    def copy_static(self, path):
        name = unquote(path[len(settings.STATIC_URL) :])
        body = read_file(staticfiles_storage, name)
        if body is None:
            found = finders.find(name) if name and ".." not in name.split("/") else None
            body = Path(found).read_bytes() if found and Path(found).is_file() else None
        if body is None:
            return
        self.keep(file_name(path), body)
        if name.endswith(".css"):
            for link in CSS_URL.findall(body.decode("utf-8", "replace")):
                if not link.startswith("data:"):
                    self.follow(path, link)

    def copy_media(self, path):
        body = read_file(default_storage, unquote(path[len(settings.MEDIA_URL) :]))
        if body is not None:
            self.keep(file_name(path), body)


def read_file(storage, name):
    """The bytes of the file `name` in `storage`; None for no such file, a folder, or a name outside the storage
    (a link in staff-written text may point anywhere)."""
    if not name or name.endswith("/") or ".." in name.split("/"):
        return None
    try:
        if not storage.exists(name):
            return None
        with storage.open(name) as file:
            return file.read()
    except (SuspiciousFileOperation, OSError, ValueError):
        return None
