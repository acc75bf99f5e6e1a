"""
Every policy says who stands behind it (this department, the city, state law, a federal agency, partner advice),
the document it comes from, what it binds and when it was last checked: on its page, in the lists, on the home
page, in every language. Translators change only the Spanish of what is said; the demo says it accurately.
"""

import datetime

import pytest

from policies import demo
from policies.models import IssuedBy, Policy
from tests.factories import PolicyFactory, staff_in_role
from tests.helpers import admin_path, form_data, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

LANGUAGES = ["en", "es"]
DETAIL = {"en": "/en/policies/{slug}/", "es": "/es/politicas/{slug}/"}
LIST = {"en": "/en/policies/", "es": "/es/politicas/"}
HOME = {"en": "/en/", "es": "/es/"}


def sourced_policy(**kwargs):
    return PolicyFactory(
        issued_by=IssuedBy.STATE_LAW,
        source_title_en="Texas Government Code §752.053",
        source_title_es="Código de Gobierno de Texas §752.053",
        source_url="https://example.org/gov-code/752",
        scope_en="Every local police department in Texas. It does not bind federal agents.",
        scope_es="Todos los departamentos de policía locales de Texas. No obliga a los agentes federales.",
        last_reviewed=datetime.date(2026, 3, 3),
        **kwargs,
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            {
                "Issued by": "State law",
                "Source": "Texas Government Code §752.053",
                "What it binds": "Every local police department in Texas. It does not bind federal agents.",
            },
        ),
        (
            "es",
            {
                "Emitido por": "La ley estatal",
                "Fuente": "Código de Gobierno de Texas §752.053",
                "A quién obliga": "Todos los departamentos de policía locales de Texas. No obliga a los agentes "
                "federales.",
            },
        ),
    ],
)
def test_policy_page_says_who_stands_behind_it_what_it_comes_from_and_what_it_binds(client, language, expected):
    policy = sourced_policy()

    page = html(client.get(DETAIL[language].format(slug=policy.slug)))

    facts = page.select_one(".policy-source .policy-source__facts")
    shown = {
        div.find("dt").get_text(strip=True): div.find("dd").get_text(" ", strip=True) for div in facts.select("div")
    }
    assert shown == expected
    assert facts.find("a")["href"] == "https://example.org/gov-code/752"
    last_checked = page.select(".policy-dates dt")[1].get_text(strip=True)
    assert last_checked == {"en": "Last checked", "es": "Última revisión"}[language]


def test_a_missing_spanish_scope_is_shown_in_english_marked_as_such(client):
    policy = sourced_policy()
    Policy.objects.filter(pk=policy.pk).update(scope_es="")

    page = html(client.get(DETAIL["es"].format(slug=policy.slug)))

    scope = page.select(".policy-source__facts dd")[2]
    assert scope.get_text(strip=True).startswith("Every local police department")
    assert scope["lang"] == "en"


@pytest.mark.parametrize(
    ("language", "issuer", "checked"),
    [
        ("en", "Issued by: State law", "Last checked Tuesday, March 3, 2026"),
        ("es", "Emitido por: La ley estatal", "Última revisión: martes 3 de marzo de 2026"),
    ],
)
def test_policies_list_and_home_page_cards_show_who_issued_each_and_when_it_was_last_checked(
    client, language, issuer, checked
):
    sourced_policy(key_commitment=True)
    sourced_policy(exception=True)
    sourced_policy()  # listed under its topic

    for url, expected_lines in [(LIST[language], 3), (HOME[language], 2)]:
        page = html(client.get(url))
        lines = [line.get_text(" ", strip=True) for line in page.select(".policy-source-line")]
        # The exception's box says it too: it is a statement like the commitments beside it.
        assert len(lines) >= expected_lines, url
        for line in lines:
            assert line.startswith(issuer), (url, line)
            assert line.endswith(checked), (url, line)
        assert page.select_one(".policy-source-line time")["datetime"] == "2026-03-03"


def test_a_policy_saved_before_sources_existed_says_its_issuer_is_not_stated_yet(client):
    policy = PolicyFactory(issued_by="")

    page = html(client.get(DETAIL["es"].format(slug=policy.slug)))

    assert page.select_one(".policy-source__facts dd").get_text(strip=True) == "Todavía no se indica"
    card_page = html(client.get(LIST["es"]))
    assert "Emitido por" not in card_page.select_one(".policy-source-line").get_text()


def test_editors_must_say_who_issued_a_policy(client):
    client.force_login(staff_in_role("editor"))
    policy = PolicyFactory(issued_by="")
    change = admin_path(f"policies/policy/{policy.pk}/change/")
    data = form_data(client.get(change))

    response = client.post(change, {**data, "change_note": "Source added."})

    assert response.status_code == 200
    assert "issued_by" in response.context["adminform"].form.errors
    response = client.post(change, {**data, "change_note": "Source added.", "issued_by": "city"})
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.issued_by == IssuedBy.CITY


def test_a_translator_changes_only_the_spanish_of_the_source_scope_and_note(client):
    client.force_login(staff_in_role("translator"))
    policy = sourced_policy(note_en="The scope is clearer.", note_es="")
    change = admin_path(f"policies/policy/{policy.pk}/change/")
    page = client.get(change)
    data = form_data(page)
    editable = set(page.context["adminform"].form.fields)
    assert {"source_title_es", "scope_es", "note_es"} <= editable
    for name in ["source_title_en", "scope_en", "note_en", "issued_by", "source_url", "is_major"]:
        assert name not in editable, name

    forged = {
        **data,
        "source_title_es": "Código de Gobierno de Texas, sección 752.053",
        "note_es": "El alcance es más claro.",
        # Sent anyway, as a forged form would: not in the form, so never saved.
        "source_title_en": "Forged",
        "scope_en": "Forged",
        "note_en": "Forged",
        "issued_by": "department",
        "source_url": "https://forged.example.org/",
        "is_major": "on",
    }
    assert client.post(change, forged).status_code == 302

    policy.refresh_from_db()
    assert policy.source_title_es == "Código de Gobierno de Texas, sección 752.053"
    assert policy.note_es == "El alcance es más claro."
    assert (policy.source_title_en, policy.scope_en, policy.note_en) == (
        "Texas Government Code §752.053",
        "Every local police department in Texas. It does not bind federal agents.",
        "The scope is clearer.",
    )
    assert (policy.issued_by, policy.source_url) == (IssuedBy.STATE_LAW, "https://example.org/gov-code/752")
    assert not policy.history.filter(is_major=True).exists()


def test_changes_to_who_stands_behind_a_policy_are_listed_on_its_history_page(client):
    policy = sourced_policy()
    policy.issued_by = IssuedBy.CITY
    policy.scope_es = "Solo la policía de la ciudad."
    policy.save()

    page = html(client.get(f"/es/politicas/{policy.slug}/historial/"))

    changes = [item.get_text(strip=True) for item in page.select(".policy-revision__changes li")]
    assert changes == ["A quién obliga (español)", "Emitido por"]


# --- The demo -----------------------------------------------------------------------------------------------------


def test_seed_gives_every_demo_policy_its_issuer_source_and_scope_in_both_languages():
    demo.seed()

    for policy in Policy.objects.all():
        assert policy.issued_by in IssuedBy.values, policy.slug
        assert policy.source_url.startswith("https://example.org/"), policy.slug
        for name in ["source_title", "scope"]:
            for code in LANGUAGES:
                assert getattr(policy, f"{name}_{code}"), (policy.slug, name, code)


def test_seed_presents_the_sensitive_places_statement_as_the_chiefs_words_that_do_not_bind_federal_agents():
    demo.seed()

    sensitive = Policy.objects.get(slug="sensitive-locations")
    assert "chief" in sensitive.title_en and "jefe de policía" in sensitive.title_es
    assert "Chief's remarks" in sensitive.source_title_en or "chief's remarks" in sensitive.source_title_en
    assert "2026" in sensitive.source_title_en and "2026" in sensitive.source_title_es
    assert "does not bind federal agents" in sensitive.scope_en
    assert "No obliga a los agentes federales" in sensitive.scope_es or "no obliga" in sensitive.scope_es.lower()
    for text in [sensitive.summary_en, sensitive.body_en]:
        assert "January 2025" in text
        assert "federal" in text
    assert "rescinded in January 2025" in sensitive.body_en
    assert "enero de 2025" in sensitive.body_es
    # Not a department rule over federal agents: nothing says federal agents will stay away.
    assert "There will be no arrests" not in sensitive.summary_en
    # The warrant exception stays beside the commitments, this one among them.
    assert sensitive.is_key_commitment
    assert Policy.objects.published().exceptions().count() == 1
    assert "warrant" in sensitive.body_en


def test_seed_does_not_promise_more_than_state_law_allows_about_status_questions():
    demo.seed()

    no_raids = Policy.objects.get(slug="immigration-enforcement")
    assert "752.053" in no_raids.body_en and "752.053" in no_raids.body_es
    assert no_raids.summary_en.endswith("come forward as a victim or witness.")
    exception = Policy.objects.get(slug="warrant-exception")
    assert exception.issued_by == IssuedBy.STATE_LAW
