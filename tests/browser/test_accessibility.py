"""
Accessibility beyond the per-page axe run of test_pages.py: the admin staff work in (axe, both languages, editor
and translator), keyboard-only use of the public pages, contrast in print, and text zoomed to 200 % or a 320 px
screen (WCAG 1.4.4 and 1.4.10) losing no content or function.
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import EventFactory, FaqEntryFactory, PolicyFactory, staff_in_role
from tests.helpers import admin_path

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
CONTRAST_ONLY = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
LOCALES = {"en": "en-US", "es": "es-MX"}
AXE = Axe()


def axe_violations(page, options=WCAG_A_AA):
    results = AXE.run(page, options=options)
    return results.violations_count, results.generate_report()


@pytest.fixture
def content(site):
    from outreach.models import Question

    now = datetime.datetime.now(datetime.UTC).replace(minute=0, second=0, microsecond=0)
    Question.objects.create(text="¿Puedo ir a la reunión sin papeles?", language="es", created_at=now)
    Question.objects.create(text="Do you share names with immigration?", language="en", created_at=now)
    entry = FaqEntryFactory()
    return {
        "event": EventFactory(),
        "untranslated": EventFactory(untranslated=True),
        "policy": PolicyFactory(),
        "faq_entry": entry,
    }


def staff_context(browser, site, role, language, color_scheme="light"):
    user = staff_in_role(role)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale=LOCALES[language], color_scheme=color_scheme
    )
    page = context.new_page()
    page.goto(site.url + admin_path("login/"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site.url + admin_path())
    assert page.locator("html").get_attribute("lang") == language
    return context, page


ADMIN_PAGES = {
    "change form": "events/event/{event.pk}/change/",
    "changelist": "events/event/",
    "translation queue": "translations/",
    "questions inbox": "outreach/question/?state__exact=new",
}
ROLE_PAGES = {"editor": list(ADMIN_PAGES), "translator": ["change form", "translation queue"]}


@pytest.mark.parametrize("language", ["en", "es"])
# Django's admin follows the system's dark theme, and our admin.css must hold there too.
@pytest.mark.parametrize(("role", "color_scheme"), [("editor", "light"), ("translator", "light"), ("editor", "dark")])
def test_admin_pages_staff_work_in_have_no_wcag_violations(browser, site, content, role, color_scheme, language):
    context, page = staff_context(browser, site, role, language, color_scheme)
    failures = []
    for name in ROLE_PAGES[role]:
        response = page.goto(site.url + admin_path(ADMIN_PAGES[name].format(**content)))
        assert response.status == 200, (name, response.status)
        count, report = axe_violations(page)
        if count:
            failures.append(f"{name}: {report}")
    context.close()
    assert not failures, "\n".join(failures)


def public_path(name, language, **kwargs):
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def public_context(browser, language, width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height}, locale=LOCALES[language])
    return context, context.new_page()


# What the keyboard can reach in the page's header, main and footer, in document order, with whether each shows
# a focus indicator when focused from the keyboard (an outline or a box shadow).
FOCUSABLE = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  return [...document.querySelectorAll(selector)]
    .filter(element => element.tabIndex >= 0 && !element.disabled && !element.closest('[inert], [aria-hidden=true]'))
    .filter(element => element.classList.contains('skip-link') || element.getClientRects().length > 0)
    .map(element => element.dataset.kb = element.tagName + ' ' + (element.getAttribute('href') || element.name
         || element.className) + ' ' + element.textContent.trim().slice(0, 30));
}"""
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {kb: element.dataset.kb || element.tagName, indicator: outline || style.boxShadow !== 'none'};
}"""


def tab_through(page, steps, until=None):
    """
    Press Tab up to `steps` times, until focus leaves the page or reaches
    the `until` element: each element focused and whether it showed focus.
    """
    page.evaluate(FOCUSABLE)  # marks each one (data-kb) to tell them apart
    reached = []
    for _step in range(steps):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["kb"] in ("BODY", "HTML") or (reached and focused["kb"] == reached[0]["kb"]):
            break
        reached.append(focused)
        if until and page.locator(until).evaluate("element => element === document.activeElement"):
            break
    return reached


@pytest.fixture
def meetings_in_two_cities(site):
    from tests.factories import VenueFactory

    EventFactory()
    EventFactory(venue=VenueFactory(city="Houston"))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("width", [1280, 390])
def test_keyboard_reaches_every_control_in_reading_order_with_a_visible_focus(
    browser, site, meetings_in_two_cities, language, width
):
    context, page = public_context(browser, language, width=width)
    pages = ["events:event-list", "outreach:search", "outreach:ask"]
    for name in pages:
        page.goto(site.url + public_path(name, language))
        reached = []
        if width < 768:
            # The phone menu is a disclosure: opened from the keyboard, its links join the tab order.
            reached = tab_through(page, 20, until=".site-menu__button")
            assert page.locator(".site-nav .nav-link").first.is_hidden()
            page.keyboard.press("Enter")
            assert page.locator(".site-nav .nav-link").first.is_visible()
        expected = page.evaluate(FOCUSABLE)
        reached += tab_through(page, len(expected) + 5)
        assert [step["kb"] for step in reached] == expected, name
        no_indicator = [step["kb"] for step in reached if not step["indicator"]]
        assert not no_indicator, (name, no_indicator)
        order = [
            "a.skip-link",
            "a.quick-exit",
            "a.site-name",
            "nav.language-switcher a",
            ".site-nav .nav-link",
            "#site-search-q",
            "main a, main input, main select, main textarea, main button",
            "footer a",
        ]
        positions = [expected.index(page.locator(selector).first.evaluate("e => e.dataset.kb")) for selector in order]
        assert positions == sorted(positions), (name, positions)
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_keyboard_alone_filters_meetings_switches_language_and_searches(
    browser, site, meetings_in_two_cities, language
):
    context, page = public_context(browser, language)
    meetings = public_path("events:event-list", language)
    page.goto(site.url + meetings)

    page.focus("select[name=city]")
    page.keyboard.press("ArrowDown")  # the first city after "All cities"
    page.keyboard.press("Tab")  # the month
    page.keyboard.press("Tab")  # the button
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**city=Dallas*")
    assert page.locator(".event-card").count() == 1

    page.focus("nav.language-switcher a")
    page.keyboard.press("Enter")
    other = "es" if language == "en" else "en"
    page.wait_for_url(f"**/{other}/**")
    assert page.locator("html").get_attribute("lang") == other

    page.focus("#site-search-q")
    page.keyboard.type("meeting")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{public_path('outreach:search', other)}?q=meeting")
    page.focus("main input[name=q]")
    page.keyboard.press("Control+A")
    page.keyboard.type("reunion")
    page.keyboard.press("Enter")
    page.wait_for_url("**?q=reunion")
    context.close()


@pytest.mark.parametrize("key", ["Enter", " "])
def test_phone_menu_opens_and_closes_with_enter_or_space(browser, site, key):
    context, page = public_context(browser, "es", width=390, height=844)
    page.goto(site.url + "/es/")
    menu = page.locator(".site-menu__button")
    menu.focus()
    page.keyboard.press(key)
    assert page.locator(".site-nav .nav-link").first.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('nav-link')")
    menu.focus()
    page.keyboard.press(key)
    assert page.locator(".site-nav .nav-link").first.is_hidden()
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_print_styles_keep_text_contrast(browser, site, content, language):
    context, page = public_context(browser, language)
    page.emulate_media(media="print")
    event, policy = content["event"].slug, content["policy"].slug
    pages = [
        public_path("outreach:home", language),
        public_path("events:event-detail", language, slug=event),
        public_path("policies:policy-detail", language, slug=policy),
        public_path("events:event-flyer", language, slug=event),
    ]
    failures = []
    for path in pages:
        page.goto(site.url + path)
        count, report = axe_violations(page, CONTRAST_ONLY)
        if count:
            failures.append(f"{path}: {report}")
    context.close()
    assert not failures, "\n".join(failures)


# Links and buttons of the header (with the emergency band above it) and main, as (href or label) with whether
# each is on screen: inside the viewport horizontally and not hidden. The skip link shows only when focused, so it
# is left out. A link hidden on a phone passes when the same destination is in sight elsewhere (the home page's
# non-emergency number is in the emergency band).
CONTROLS = """() => [...document.querySelectorAll(`.emergency-band a[href], header a[href], header button,
                                                header summary, main a[href], main button`)]
  .filter(element => !element.classList.contains('skip-link') && !element.closest('[aria-hidden=true]'))
  .map(element => {
    const box = element.getBoundingClientRect();
    const shown = element.getClientRects().length > 0 && box.width > 1 && box.height > 1;
    return [element.getAttribute('href') || element.textContent.trim(),
            shown && box.left >= -1 && box.right <= document.documentElement.clientWidth + 1];
  })"""
# Elements of the header, main and footer with text of their own that their box cuts off.
CLIPPED = """() => [...document.querySelectorAll('header *, main *, footer *')]
  .filter(element => [...element.childNodes].some(node => node.nodeType === 3 && node.textContent.trim()))
  .filter(element => {
    const style = getComputedStyle(element);
    const hides = [style.overflowX, style.overflowY].some(value => value !== 'visible');
    const visuallyHidden = element.getBoundingClientRect().width <= 1 || style.clip === 'rect(0px, 0px, 0px, 0px)';
    return hides && !visuallyHidden && !['SELECT', 'TEXTAREA', 'INPUT', 'OPTION'].includes(element.tagName)
      && (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1);
  })
  .map(element => element.tagName + '.' + element.className + ': ' + element.textContent.trim().slice(0, 40))"""


def reflow_paths(language, content):
    return [
        public_path("outreach:home", language),
        public_path("events:event-list", language),
        public_path("events:event-detail", language, slug=content["event"].slug),
        public_path("policies:policy-detail", language, slug=content["policy"].slug),
        public_path("outreach:faq", language),
        public_path("outreach:ask", language),
        public_path("outreach:search", language) + "?q=meeting",
    ]


def layout_problems(page):
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow} px")
    problems += [f"clipped: {text}" for text in page.evaluate(CLIPPED)]
    return problems


@pytest.mark.parametrize("language", ["en", "es"])
def test_text_at_200_percent_and_a_320_pixel_screen_lose_no_content_or_function(browser, site, content, language):
    desktop_context, desktop = public_context(browser, language)
    phone_context, phone = public_context(browser, language, width=320, height=640)
    failures = []
    for path in reflow_paths(language, content):
        desktop.goto(site.url + path)
        links = {target for target, shown in desktop.evaluate(CONTROLS) if shown}

        desktop.evaluate("document.documentElement.style.fontSize = '200%'")
        zoomed = desktop.evaluate(CONTROLS)
        failures += [f"{path} at 200 %: {problem}" for problem in layout_problems(desktop)]
        lost = [target for target, shown in zoomed if target in links and not shown]
        failures += [f"{path} at 200 %: {target} out of sight" for target in lost]

        phone.goto(site.url + path)
        phone.locator(".site-menu__button").click()
        small = phone.evaluate(CONTROLS)
        failures += [f"{path} at 320 px: {problem}" for problem in layout_problems(phone)]
        hidden = {target for target, shown in small if not shown}
        reachable = {target for target, shown in small if shown}
        failures += [f"{path} at 320 px: {target} out of sight" for target in hidden - reachable]
        failures += [f"{path} at 320 px: {target} missing" for target in links - reachable]
    desktop_context.close()
    phone_context.close()
    assert not failures, "\n".join(failures)
