"""
The site's one stylesheet (README, "Styles"): built by `make css` from Bootstrap's Sass sources and assets/scss/,
within its size budget, current with its sources, and defining every class the pages use, so a subset of
Bootstrap cannot silently drop a style.
"""

import gzip
import hashlib
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.factories import (
    AlertFactory,
    EventFactory,
    FactCheckFactory,
    FaqEntryFactory,
    PolicyFactory,
    ResourceFactory,
)
from tests.helpers import html, image_upload

ROOT = settings.BASE_DIR
BUILT = ROOT / "static" / "css" / "main.css"
GZIPPED_BUDGET = 35_000  # bytes, at gzip level 9, for every stylesheet a public page links

# Classes that are hooks only: nothing in the stylesheet needs to draw them, so they are not expected in it.
HOOKS = {
    # The site's own components and their parts, named so tests, readers of the markup and later styles (the
    # phone-first header, issue 9's page splits) can find them; they look right with Bootstrap's rules alone.
    "ask-form",
    "chief-message",
    "emergency-line",
    "event-card",
    "event-card__where",
    "event-detail",
    "fact-check",
    "fact-check__claim",
    "faq-category",
    "faq-category__more",
    "faq-questions",
    "faq-entry",
    "flyer-instructions",
    "flyer__summary",
    "flyer__commitment-summary",
    "flyer__link",
    "flyer-pdf-link",
    "flyer-pdf-unavailable",
    "home-intro",
    "policy-card",
    "policy-cards",
    "policy-commitments",
    "policy-document__on-request",
    "policy-history",
    "policy-index",
    "policy-revision__changes",
    "policy-topic",
    "policy-topic__more",
    "resource",
    "resource__facts",
    "resource-filter",
    "resource-kind",
    "search-form",
    "search-result",
    "search-result__snippet",
    "search-results",
    # Bootstrap's structural classes with no rule of their own: it styles what is inside them, or their
    # variants, through them (`.page-item:first-child .page-link`, `.nav-fill .nav-item`).
    "nav-item",
    "page-item",
    # crispy-bootstrap5's markers of a field's widget and state; Bootstrap itself has no rule for them.
    "alert-block",
    "asteriskField",
    "requiredField",
    "select",
    "textarea",
    "textinput",
}
# A template's `{{ variable }}` inside a class attribute: a placeholder while the class names are read.
VARIABLE = "\x00"


def defined_classes():
    """
    The classes the built stylesheet styles. From Bootstrap's part, a class needs a rule of its own: in the
    selector's last compound with no class before it (`.nav-link:hover`, `.page-link.active`, or `.row-cols-2`
    in `.row-cols-2>*`). One only styled inside another component (`.list-group` in `.card>.list-group`) is
    not styled by this build. The site's own styles (assets/scss/, written for these templates) count wherever
    they name a class (`.event-facts` in `.event-facts dt`).
    """
    own = "".join(path.read_text() for path in (ROOT / "assets" / "scss").glob("_*.scss") if path.stem != "_bootstrap")
    return selector_classes(BUILT.read_text(encoding="utf-8-sig"), subject_only=True) | selector_classes(own)


def selector_classes(css, subject_only=False):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    classes = set()
    for prelude in re.findall(r"([^{};]+)\{", css):
        if prelude.lstrip().startswith("@"):
            continue
        for selector in split_outside_parentheses(prelude, ","):
            if subject_only:
                compounds = split_outside_parentheses(re.sub(r"\s*([>+~])\s*", r" \1 ", selector), " ")
                compounds = [compound for compound in compounds if compound and compound not in ">+~"]
                while len(compounds) > 1 and re.fullmatch(r"\*(:[-\w]+(\(.*\))?)*", compounds[-1]):
                    compounds.pop()
                if not compounds or any(class_names(compound) for compound in compounds[:-1]):
                    continue
                selector = compounds[-1]
            classes |= class_names(selector)
    return classes


def class_names(selector):
    # Not the classes inside :not(…) or an attribute selector's value.
    selector = re.sub(r"\([^()]*\)|\[[^\]]*\]", "", selector)
    return set(re.findall(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)", selector))


def split_outside_parentheses(text, separator):
    parts, depth, current = [], 0, ""
    for character in text:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if character == separator and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += character
    return [*parts, current.strip()]


def template_classes():
    """
    Class names written in the templates (`class="…"`, and `css_class="…"`-style arguments to tags and
    includes), and in the Python that adds classes to form markup (crispy helpers), each with where it is.
    A name built from a variable (`alert-banner--{{ alert.level }}`) is returned as its fixed start, ending
    in VARIABLE; the rendered pages test checks its values.
    """
    found = {}
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if "admin" in path.relative_to(ROOT / "templates").parts:
            continue  # the admin is drawn by Django's own stylesheet
        for value in re.findall(r'(?:\s|_)class="([^"]*)"', path.read_text()):
            value = re.sub(r"\{\{.*?\}\}", VARIABLE, value)
            value = re.sub(r"\{%.*?%\}", " ", value)
            for name in value.split():
                found.setdefault(name, path.relative_to(ROOT).as_posix())
    for app in ("editorial", "events", "policies", "outreach"):
        for path in sorted((ROOT / app).rglob("*.py")):
            for value in re.findall(r'(?:css_class|wrapper_class|form_class)\s*=\s*"([^"]*)"', path.read_text()):
                for name in value.split():
                    found.setdefault(name, path.relative_to(ROOT).as_posix())
    return {name: where for name, where in found.items() if name != VARIABLE}


def sources_fingerprint():
    """What assets/build-css.mjs writes at the top of main.css; the same algorithm, in Python."""
    files = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "assets").rglob("*") if path.is_file())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    text = "".join(f"{name}\n{hashlib.sha256((ROOT / name).read_bytes()).hexdigest()}\n" for name in files)
    text += "".join(f"{name} {lock['packages'][f'node_modules/{name}']['version']}\n" for name in ("bootstrap", "sass"))
    return hashlib.sha256(text.encode()).hexdigest()


def linked_stylesheets(response):
    return [link["href"] for link in html(response).select('link[rel="stylesheet"]')]


def static_file(url):
    assert url.startswith(settings.STATIC_URL) or url.startswith("/" + settings.STATIC_URL), url
    path = finders.find(url.split(settings.STATIC_URL, 1)[1])
    assert path, f"{url} is not a static file of the site"
    return Path(path).read_bytes()


def test_the_built_stylesheet_is_current_with_its_sources():
    header = BUILT.read_text(encoding="utf-8-sig").split("\n", 1)[0]
    assert f"sources {sources_fingerprint()}" in header, (
        "assets/ or package-lock.json changed since static/css/main.css was built: run `make css` and commit it"
    )


def test_bootstrap_and_the_compiler_are_pinned_and_the_css_names_its_bootstrap():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    bootstrap = lock["packages"]["node_modules/bootstrap"]["version"]
    assert re.fullmatch(r"5\.3\.\d+", package["devDependencies"]["bootstrap"])
    assert package["devDependencies"]["bootstrap"] == bootstrap
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["devDependencies"]["sass"])
    assert f"Bootstrap (parts) v{bootstrap} " in BUILT.read_text(encoding="utf-8-sig")


@pytest.mark.django_db
@pytest.mark.usefixtures("site_settings")
@pytest.mark.parametrize("path", ["/en/", "/es/", "/en/ask/", "/es/no-existe/"])
def test_public_pages_link_the_sites_own_stylesheets_within_the_gzip_budget(client, path):
    response = client.get(path)

    stylesheets = linked_stylesheets(response)

    assert "main.css" in [url.rsplit("/", 1)[1] for url in stylesheets]
    gzipped = sum(len(gzip.compress(static_file(url), compresslevel=9)) for url in stylesheets)
    assert gzipped <= GZIPPED_BUDGET, f"{gzipped} bytes gzipped"


def test_the_error_pages_link_the_same_stylesheet():
    # 500 and 503 pages are rendered without the database; their template links the stylesheet directly.
    text = (ROOT / "templates" / "error_base.html").read_text()
    assert re.findall(r"""<link rel="stylesheet" href="\{% static '([^']+)' %\}">""", text) == ["css/main.css"]


def test_the_print_styles_are_part_of_the_stylesheet_for_paper_only():
    css = BUILT.read_text(encoding="utf-8-sig")
    print_block = re.compile(r"@media print\{(.*?\})\}", flags=re.DOTALL)  # a flat list of rules, then "}"

    on_paper = "".join(print_block.findall(css))
    on_screen = print_block.sub("", css)

    paper_only = [".emergency-band,.site-nav,", ".policy-print-source{display:block !important", ".flyer{border:4px"]
    for rule in paper_only:
        assert rule in on_paper, rule
        assert rule not in on_screen, rule
    assert ".policy-print-source{display:none}" in on_screen


def test_every_class_written_in_the_templates_is_defined_in_the_built_css():
    defined = defined_classes()

    missing = {}
    for name, where in template_classes().items():
        if name.endswith(VARIABLE):
            prefix = name.removesuffix(VARIABLE)
            if not any(candidate.startswith(prefix) for candidate in defined | HOOKS):
                missing[name.replace(VARIABLE, "{{…}}")] = where
        elif name not in defined and name not in HOOKS:
            missing[name] = where

    assert not missing, f"not in static/css/main.css (add the Bootstrap part to assets/scss/, `make css`): {missing}"


@pytest.fixture
def busy_site(db, site_settings):
    AlertFactory(level="urgent")
    AlertFactory(level="info", message_en="New meetings were added.", message_es="Se agregaron reuniones.")
    events = {
        "image": EventFactory(image=image_upload(), image_alt_en="The hall", image_alt_es="El salón"),
        "cancelled": EventFactory(cancelled=True),
        "postponed": EventFactory(event_status="postponed"),
        "untranslated": EventFactory(untranslated=True),
        "heard": EventFactory(heard=True),
    }
    commitment = PolicyFactory(key_commitment=True)
    PolicyFactory(exception=True)
    FaqEntryFactory(related_policy=commitment)
    ResourceFactory()
    FactCheckFactory()
    return {"events": events, "policy": commitment}


def rendered_pages(client, busy_site):
    events, policy = busy_site["events"], busy_site["policy"]
    paths = [
        "/{language}/",
        "/{language}/events/?month=2024-13",
        "/{language}/events/past/",
        f"/{{language}}/events/{events['image'].slug}/",
        f"/{{language}}/events/{events['cancelled'].slug}/",
        f"/{{language}}/events/{events['postponed'].slug}/",
        f"/{{language}}/events/{events['untranslated'].slug}/",
        f"/{{language}}/events/{events['heard'].slug}/",
        f"/{{language}}/events/{events['image'].slug}/flyer/",
        "/{language}/policies/",
        f"/{{language}}/policies/{policy.slug}/",
        f"/{{language}}/policies/{policy.slug}/history/",
        "/{language}/faq/",
        "/{language}/resources/",
        "/{language}/fact-checks/",
        "/{language}/search/?q=meeting",
        "/{language}/ask/",
        "/{language}/privacy/",
    ]
    from django.urls import translate_url

    for language in ("en", "es"):
        for path in paths:
            url = translate_url(path.format(language="en"), language)
            yield url, client.get(url)
        yield "404", client.get(f"/{language}/no-such-page/")
        # The ask form sent with errors: crispy's error markup, field and form-wide.
        yield "ask with errors", client.post(translate_url("/en/ask/", language), {"text": "hi", "shown_at": "x"})
        # (a 200: the form again, with its errors)


def test_every_class_on_the_rendered_pages_is_defined_in_the_built_css(client, busy_site):
    defined = defined_classes()

    missing = {}
    for url, response in rendered_pages(client, busy_site):
        assert response.status_code == (404 if url == "404" else 200), (url, response.status_code)
        for element in html(response).select("[class]"):
            for name in element["class"]:
                if name not in defined and name not in HOOKS:
                    missing.setdefault(name, url)

    assert not missing, f"rendered but not in static/css/main.css: {missing}"
