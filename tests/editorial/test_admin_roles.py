"""
Every admin address, walked as a translator and as an editor: each role gets exactly what DESIGN.md's roles allow.

Editors add, change, delete and publish all content and answer residents' questions; translators view content and
change only its translations (no add, no delete, no reverting to an old version, no inbox, no log); neither
manages accounts (superusers do). The walk covers every registered model, so a model added later fails here until
its expectations are written down.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, reverse

from editorial.models import TranslatedContent
from outreach.models import Question, SiteSettings
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

OK, FORBIDDEN, REDIRECT, NOT_FOUND = 200, 403, 302, 404
ACTIONS = ("changelist", "add", "change", "delete", "history", "revert")

FACTORIES = {
    "events.venue": factories.VenueFactory,
    "events.event": factories.EventFactory,
    "policies.policytopic": factories.PolicyTopicFactory,
    "policies.policy": factories.PolicyFactory,
    "guides.guide": factories.GuideFactory,
    "guides.guidestep": factories.GuideStepFactory,
    "guides.certificationfigure": factories.CertificationFigureFactory,
    "outreach.sitesettings": lambda: SiteSettings.objects.get(),
    "outreach.faqcategory": factories.FaqCategoryFactory,
    "outreach.faqentry": factories.FaqEntryFactory,
    "outreach.resource": factories.ResourceFactory,
    "outreach.alert": factories.AlertFactory,
    "outreach.factcheck": factories.FactCheckFactory,
    "outreach.question": lambda: Question.objects.create(text="¿Puedo llamar al 911?", language="es"),
    "auth.user": lambda: factories.UserFactory(username="someone-else"),
    "auth.group": lambda: Group.objects.first(),
    "admin.logentry": lambda: LogEntry.objects.create(
        user=factories.SuperuserFactory(),
        content_type=ContentType.objects.get_for_model(Group),
        object_id="1",
        object_repr="a group",
        action_flag=ADDITION,
    ),
}


def every(status):
    return dict.fromkeys(ACTIONS, status)


CONTENT = {
    "editor": every(OK),
    # Translators open items and their history, and save their language; nothing else.
    "translator": {**every(OK), "add": FORBIDDEN, "delete": FORBIDDEN, "revert": FORBIDDEN},
}
# One row, never added or deleted: its list goes straight to the row.
SINGLETON = {
    role: {**expected, "changelist": REDIRECT, "add": FORBIDDEN, "delete": FORBIDDEN}
    for role, expected in CONTENT.items()
}
INBOX = {
    "editor": {**every(OK), "add": FORBIDDEN},  # questions come from residents only
    "translator": every(FORBIDDEN),
}
LOG = {
    "editor": {**every(OK), "add": FORBIDDEN, "delete": FORBIDDEN},  # read-only ("change" shows it)
    "translator": every(FORBIDDEN),
}
# Numbers the department counts, entered by editors; not text, so nothing for translators.
FIGURES = {"editor": every(OK), "translator": every(FORBIDDEN)}
ACCOUNTS = {"editor": every(FORBIDDEN), "translator": every(FORBIDDEN)}


def expectations(model):
    label = model._meta.label_lower
    if label == "outreach.sitesettings":
        return SINGLETON
    if label == "outreach.question":
        return INBOX
    if label == "guides.certificationfigure":
        return FIGURES
    if label == "admin.logentry":
        return LOG
    if label in ("auth.user", "auth.group"):
        return ACCOUNTS
    if issubclass(model, TranslatedContent):
        return CONTENT
    raise AssertionError(f"{label}: write down what each role may do with it")


def addresses(model, obj):
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    found = {
        "changelist": reverse(f"{name}_changelist"),
        "add": reverse(f"{name}_add"),
        "change": reverse(f"{name}_change", args=[obj.pk]),
        "delete": reverse(f"{name}_delete", args=[obj.pk]),
        "history": reverse(f"{name}_history", args=[obj.pk]),
    }
    if hasattr(model, "history"):  # django-simple-history: the form that reverts to a version
        found["revert"] = reverse(f"{name}_simple_history", args=[obj.pk, model.history.first().history_id])
    return found


def signed_in(role):
    client = Client()
    client.force_login(factories.staff_in_role(role))
    return client


def status(response):
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "sent to login"
    return response.status_code


@pytest.mark.parametrize("role", ["translator", "editor"])
def test_every_model_address_gives_each_role_exactly_what_the_design_allows(role):
    client = signed_in(role)
    got, wanted = {}, {}
    for model in admin.site._registry:
        obj = FACTORIES[model._meta.label_lower]()
        expected = expectations(model)[role]
        for action, url in addresses(model, obj).items():
            got[url] = status(client.get(url))
            wanted[url] = expected[action]
    assert got == wanted


@pytest.mark.parametrize("role", ["translator", "editor"])
def test_the_sites_own_pages_give_each_role_what_the_design_allows(role):
    client = signed_in(role)
    other = factories.UserFactory(username="someone-else")
    wanted = {
        reverse("admin:index"): OK,
        reverse("admin:translation-queue"): OK,
        # Documents that fail the accessibility check are the editors' to replace; translators only translate.
        reverse("admin:document-queue"): OK if role == "editor" else FORBIDDEN,
        # So are the pages readers found least helpful ("Was this page helpful?").
        reverse("admin:helpful-queue"): OK if role == "editor" else FORBIDDEN,
        reverse("admin:password_change"): OK,
        reverse("admin:jsi18n"): OK,
        reverse("admin:app_list", args=["events"]): OK,
        reverse("admin:app_list", args=["policies"]): OK,
        reverse("admin:app_list", args=["outreach"]): OK,
        reverse("admin:app_list", args=["auth"]): NOT_FOUND,  # no model of it is theirs
        reverse("admin:app_list", args=["admin"]): OK if role == "editor" else NOT_FOUND,
        reverse("admin:auth_user_password_change", args=[other.pk]): FORBIDDEN,
    }
    assert {url: status(client.get(url)) for url in wanted} == wanted
    inbox = reverse("admin:outreach_question_changelist")
    index = client.get(reverse("admin:index")).content.decode()
    assert (inbox in index) is (role == "editor")


def test_without_signing_in_every_address_sends_to_login():
    client = Client()
    for model in admin.site._registry:
        for url in addresses(model, FACTORIES[model._meta.label_lower]()).values():
            assert status(client.get(url)) == "sent to login", url
    assert status(client.get(reverse("admin:translation-queue"))) == "sent to login"
    assert status(client.get(reverse("admin:document-queue"))) == "sent to login"
    assert status(client.get(reverse("admin:helpful-queue"))) == "sent to login"


def test_forged_posts_by_a_translator_change_nothing():
    client = signed_in("translator")
    event = factories.EventFactory(title_en="Meeting at the library")
    policy = factories.PolicyFactory()
    version = policy.history.last().history_id
    assert client.post(reverse("admin:events_event_add"), {"title_en": "Forged", "slug": "forged"}).status_code == 403
    assert client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    revert = reverse("admin:policies_policy_simple_history", args=[policy.pk, version])
    assert client.post(revert, {"title_en": "Forged"}).status_code == 403
    assert client.post(reverse("admin:auth_user_add"), {"username": "x"}).status_code == 403
    assert event.__class__.objects.filter(pk=event.pk, title_en="Meeting at the library").exists()
    assert not event.__class__.objects.filter(slug="forged").exists()


def test_an_editor_cannot_make_accounts_or_grant_roles():
    client = signed_in("editor")
    assert client.post(reverse("admin:auth_user_add"), {"username": "new"}).status_code == 403
    group = Group.objects.first()
    assert client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "x"}).status_code == 403


def named_admin_urls(patterns, names=None):
    names = set() if names is None else names
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            named_admin_urls(pattern.url_patterns, names)
        elif pattern.name:
            names.add(pattern.name)
    return names


def test_the_walk_covers_every_named_admin_address():
    walked = set()
    for model in admin.site._registry:
        opts = model._meta
        walked |= {f"{opts.app_label}_{opts.model_name}_{action}" for action in ACTIONS[:5]}
        if hasattr(model, "history"):
            walked.add(f"{opts.app_label}_{opts.model_name}_simple_history")
    pages = {"index", "translation-queue", "document-queue", "helpful-queue", "password_change", "jsi18n", "app_list"}
    # The live reading level (POST only, any staff member): tests/editorial/test_readability.py.
    pages.add("reading-level")
    pages.add("auth_user_password_change")
    # Signing in and out, the done page, autocomplete (none configured) and "view on site" (a redirect to the
    # public page) are the same for every role.
    common = {"login", "logout", "password_change_done", "autocomplete", "view_on_site"}
    assert named_admin_urls(admin.site.get_urls()) == walked | pages | common
