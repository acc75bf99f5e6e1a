"""
Policy PDFs are checked for what assistive technology needs when they are uploaded (editorial/documents.py): a
document that falls short is accepted, said to the person who uploaded it, listed under "Documents to fix", and
residents are offered an accessible version on request until a fixed file replaces it.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from editorial.documents import pdf_problems
from policies.models import Policy
from tests.factories import PolicyFactory, SuperuserFactory, staff_in_role
from tests.helpers import admin_path, form_data, html, pdf_document, queries_for

pytestmark = pytest.mark.django_db

UNTAGGED_EN = "It is not tagged"
UNTAGGED_ES = "No está etiquetado"
ON_REQUEST_EN = "An accessible version of this document is available on request."
ON_REQUEST_ES = "Hay una versión accesible de este documento disponible a pedido."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(client, site_settings):
    client.force_login(SuperuserFactory())
    return client


def pdf_upload(content, name="policy.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def change_url(policy):
    return admin_path(f"policies/policy/{policy.pk}/change/")


def upload(client, policy, language="en", **changes):
    """Save the policy's change form with `changes` (files or values), following the redirect to read messages."""
    data = form_data(client.get(change_url(policy)))
    data["change_note"] = "New PDF."  # the policy is published: a change says why
    return client.post(change_url(policy), {**data, **changes}, HTTP_ACCEPT_LANGUAGE=language, follow=True)


def warnings_of(response):
    return [item.get_text(" ", strip=True) for item in html(response).select(".messagelist .warning")]


def queue(client, language="en"):
    return html(client.get(reverse("admin:document-queue"), HTTP_ACCEPT_LANGUAGE=language))


def queue_rows(page):
    rows = page.select("#document-queue tbody tr")
    return {row.th.get_text(strip=True): row.get_text(" ", strip=True) for row in rows}


def on_request_note(client, policy, language):
    page = html(client.get(f"/{language}/{'policies' if language == 'en' else 'politicas'}/{policy.slug}/"))
    note = page.select_one(".policy-document .policy-document__on-request")
    return note.get_text(" ", strip=True) if note else None


# --- What the check finds -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("made", "found"),
    [
        ({}, []),
        ({"tagged": False}, ["untagged"]),
        ({"language": None}, ["no-language"]),
        ({"language": "es-MX"}, ["wrong-language"]),
        ({"title": None}, ["no-title"]),
        ({"title": None, "xmp_title": "Uso de la fuerza"}, []),
        ({"title": "  "}, ["no-title"]),
        ({"show_title": False}, ["title-hidden"]),
        ({"tagged": False, "language": None, "title": None}, ["untagged", "no-language", "no-title"]),
    ],
)
def test_the_check_sees_tags_language_and_title_in_the_catalog(made, found):
    assert pdf_problems(io.BytesIO(pdf_document(**made)), "en") == found


def test_a_file_pikepdf_cannot_open_is_unreadable():
    assert pdf_problems(io.BytesIO(b"%PDF-1.4\n% not really\n%%EOF\n")) == ["unreadable"]


# --- Uploading in the admin ---------------------------------------------------------------------------------------


def test_a_tagged_pdf_with_language_and_title_is_stored_with_nothing_to_fix(editor):
    policy = PolicyFactory()
    response = upload(editor, policy, document_en=pdf_upload(pdf_document()))
    assert response.status_code == 200 and response.redirect_chain, "saved"
    assert warnings_of(response) == []
    policy.refresh_from_db()
    assert policy.document_en and policy.document_problems == {}
    assert queue_rows(queue(editor)) == {}
    assert not html(editor.get(change_url(policy))).select(".field-document_en .document-problems")


@pytest.mark.parametrize(
    ("language", "saved", "untagged", "no_language"),
    [
        ("en", "was saved, but it is not fully accessible", UNTAGGED_EN, "does not say which language"),
        ("es", "se guardó, pero no es del todo accesible", UNTAGGED_ES, "No dice en qué idioma"),
    ],
)
def test_an_untagged_pdf_without_a_language_is_accepted_with_a_warning_in_plain_words(
    editor, language, saved, untagged, no_language
):
    policy = PolicyFactory()
    made = pdf_document(tagged=False, language=None)
    response = upload(editor, policy, language, document_es=pdf_upload(made))
    assert response.redirect_chain, "accepted, never refused for this"
    policy.refresh_from_db()
    assert policy.document_es
    assert policy.document_problems == {"es": ["untagged", "no-language"]}
    [message] = warnings_of(response)
    assert saved in message and untagged in message and no_language in message
    assert ("Spanish" if language == "en" else "español") in message

    beside = html(editor.get(change_url(policy), HTTP_ACCEPT_LANGUAGE=language)).select_one(
        ".field-document_es .document-problems"
    )
    assert beside is not None and untagged in beside.get_text() and no_language in beside.get_text()
    # Said with the field: a screen reader announces it with the file input.
    assert beside.find_parent(id="id_document_es_helptext") is not None


def test_a_pdf_in_the_wrong_language_slot_is_said(editor):
    policy = PolicyFactory()
    response = upload(editor, policy, document_es=pdf_upload(pdf_document(language="en-US")))
    assert "not the one it was uploaded as" in warnings_of(response)[0]


def test_saving_other_changes_does_not_repeat_the_warning_but_the_form_still_shows_it(editor):
    policy = PolicyFactory()
    upload(editor, policy, document_en=pdf_upload(pdf_document(tagged=False)))
    response = upload(editor, policy, title_en="A new title")
    assert warnings_of(response) == []
    page = html(editor.get(change_url(policy)))
    assert UNTAGGED_EN in page.select_one(".field-document_en .document-problems").get_text()


# --- The queue ----------------------------------------------------------------------------------------------------


def test_the_queue_lists_each_document_to_fix_with_its_language_problems_and_a_link(editor):
    clean, broken = PolicyFactory(title_en="Clean policy"), PolicyFactory(title_en="Broken policy")
    upload(editor, clean, document_en=pdf_upload(pdf_document()))
    upload(
        editor,
        broken,
        document_en=pdf_upload(pdf_document(title=None)),
        document_es=pdf_upload(pdf_document(tagged=False, language="es")),
    )
    page = queue(editor)
    assert set(queue_rows(page)) == {"Broken policy"}
    row = page.select_one("#document-queue tbody tr")
    assert row.th.a["href"] == change_url(broken)
    documents = [block.get_text(" ", strip=True) for block in row.select(".queue-document")]
    assert documents[0].startswith("English") and "no title" in documents[0]
    assert documents[1].startswith("Spanish") and UNTAGGED_EN in documents[1]
    assert [block.a["href"] for block in row.select(".queue-document")] == [
        f"{change_url(broken)}#id_document_en",
        f"{change_url(broken)}#id_document_es",
    ]
    box = html(editor.get(admin_path())).select_one("#work-queues")
    line = next(item for item in box.select("li") if "Documents to fix" in item.get_text())
    assert line.a["href"] == reverse("admin:document-queue") and "1 item" in line.get_text()


def test_the_policies_list_marks_an_item_with_a_document_to_fix(editor):
    clean, broken = PolicyFactory(title_en="Clean policy"), PolicyFactory(title_en="Broken policy")
    Policy.objects.filter(pk=broken.pk).update(document_problems={"es": ["untagged"]})
    page = html(editor.get(admin_path("policies/policy/")))
    rows = {row.th.get_text(strip=True): row for row in page.select("#result_list tbody tr")}
    assert rows["Broken policy"].select(".status-badge--document-to-fix")[0].get_text() == "Document to fix"
    assert not rows["Clean policy"].select(".status-badge--document-to-fix")
    assert clean.document_problems == {}


def test_the_queue_reads_in_spanish(editor):
    policy = PolicyFactory(title_en="Broken policy", title_es="Política con problemas")
    upload(editor, policy, document_en=pdf_upload(pdf_document(tagged=False)))
    page = queue(editor, "es")
    assert "Documentos por corregir" in page.title.get_text()
    row = queue_rows(page)["Política con problemas"]
    assert row.startswith("Política con problemas Política Inglés") and UNTAGGED_ES in row


def test_a_fixed_file_takes_the_document_off_the_queue_and_the_public_note_away(editor, client):
    policy = PolicyFactory(title_en="Broken policy")
    upload(editor, policy, document_en=pdf_upload(pdf_document(language=None)))
    assert "Broken policy" in queue_rows(queue(editor))
    response = upload(editor, policy, document_en=pdf_upload(pdf_document()))
    assert warnings_of(response) == []
    policy.refresh_from_db()
    assert policy.document_problems == {}
    assert queue_rows(queue(editor)) == {}
    assert "Every uploaded document passed the check." in queue(editor).get_text()
    assert not html(editor.get(change_url(policy))).select(".document-problems")


def test_removing_the_document_takes_it_off_the_queue(editor):
    policy = PolicyFactory(title_en="Broken policy")
    upload(editor, policy, document_en=pdf_upload(pdf_document(tagged=False)))
    upload(editor, policy, **{"document_en-clear": "on"})
    policy.refresh_from_db()
    assert not policy.document_en and policy.document_problems == {}
    assert queue_rows(queue(editor)) == {}


def test_removing_one_language_and_uploading_another_in_one_save_keeps_each_right(editor):
    policy = PolicyFactory()
    upload(editor, policy, document_en=pdf_upload(pdf_document(tagged=False)))
    upload(
        editor,
        policy,
        **{"document_en-clear": "on", "document_es": pdf_upload(pdf_document(language="es", title=None))},
    )
    policy.refresh_from_db()
    assert policy.document_problems == {"es": ["no-title"]}


def test_the_queue_is_paged_and_its_cost_does_not_grow_with_the_items(editor, django_assert_max_num_queries):
    for number in range(3):
        Policy.objects.filter(pk=PolicyFactory(title_en=f"Policy {number}").pk).update(
            document_problems={"en": ["untagged"]}
        )
    few = queries_for(editor, reverse("admin:document-queue"))
    for number in range(60):
        Policy.objects.filter(pk=PolicyFactory(title_en=f"More {number}").pk).update(
            document_problems={"es": ["no-title"]}
        )
    assert queries_for(editor, reverse("admin:document-queue")) == few
    second = html(editor.get(reverse("admin:document-queue") + "?page=2"))
    assert len(second.select("#document-queue tbody tr")) == 13


def test_translators_do_not_get_the_queue_but_are_warned_about_the_spanish_pdf_they_upload(client, site_settings):
    client.force_login(staff_in_role("translator"))
    policy = PolicyFactory()
    assert client.get(reverse("admin:document-queue")).status_code == 403
    assert "Documents to fix" not in html(client.get(admin_path())).select_one("#work-queues").get_text()
    data = form_data(client.get(change_url(policy)))
    response = client.post(
        change_url(policy), {**data, "document_es": pdf_upload(pdf_document(tagged=False, language="es"))}, follow=True
    )
    assert response.redirect_chain
    assert UNTAGGED_EN in warnings_of(response)[0]
    policy.refresh_from_db()
    assert policy.document_problems == {"es": ["untagged"]}


# --- The public page ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "note"), [("en", ON_REQUEST_EN), ("es", ON_REQUEST_ES)])
def test_a_document_with_problems_is_offered_in_an_accessible_version_on_request(client, site_settings, language, note):
    policy = PolicyFactory(document_en=ContentFile(pdf_document(tagged=False), name="p.pdf"))
    policy.document_es.save("p.pdf", ContentFile(pdf_document(language=None)))
    assert policy.document_problems == {"en": ["untagged"], "es": ["no-language"]}
    text = on_request_note(client, policy, language)
    assert text is not None and text.startswith(note)
    assert site_settings.contact_email in text
    page = html(client.get(policy.get_absolute_url()))
    assert page.select_one(".policy-document__on-request a[href^='mailto:']")["href"].endswith(
        site_settings.contact_email
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_clean_document_has_no_note(client, site_settings, language):
    policy = PolicyFactory(
        document_en=ContentFile(pdf_document(), name="p.pdf"),
        document_es=ContentFile(pdf_document(language="es-US", title="Uso de la fuerza"), name="p.pdf"),
    )
    assert policy.document_problems == {}
    assert on_request_note(client, policy, language) is None
    assert html(client.get(f"/{language}/")).select(".policy-document__on-request") == []


def test_the_note_is_about_the_document_shown_in_the_readers_language(client, site_settings):
    policy = PolicyFactory(
        document_en=ContentFile(pdf_document(), name="p.pdf"),
        document_es=ContentFile(pdf_document(tagged=False, language="es"), name="p.pdf"),
    )
    assert on_request_note(client, policy, "en") is None
    assert on_request_note(client, policy, "es").startswith(ON_REQUEST_ES)


def test_a_hidden_title_alone_is_advice_for_staff_not_a_note_for_residents(editor, client):
    policy = PolicyFactory()
    response = upload(editor, policy, document_en=pdf_upload(pdf_document(show_title=False)))
    assert "Display document title" in warnings_of(response)[0]
    assert on_request_note(client, policy, "en") is None


def test_without_a_contact_email_the_note_points_to_the_question_page(client, site_settings):
    site_settings.contact_email = ""
    site_settings.save()
    policy = PolicyFactory(document_en=ContentFile(pdf_document(tagged=False), name="p.pdf"))
    page = html(client.get(policy.get_absolute_url()))
    note = page.select_one(".policy-document__on-request")
    assert not note.select("a[href^='mailto:']")
    assert note.select_one("a")["href"] == reverse("outreach:ask")


def test_the_policy_page_runs_the_same_queries_with_or_without_problems(client, site_settings):
    clean = PolicyFactory(document_en=ContentFile(pdf_document(), name="p.pdf"))
    broken = PolicyFactory(document_en=ContentFile(pdf_document(tagged=False), name="p.pdf"))
    assert queries_for(client, clean.get_absolute_url()) == queries_for(client, broken.get_absolute_url())


# --- Checking documents stored before -----------------------------------------------------------------------------


def test_check_documents_checks_files_stored_before_and_makes_no_new_version(client, site_settings, media_root):
    policy = PolicyFactory(title_en="Old policy")
    stored = Policy._meta.get_field("document_en").storage
    old_en = stored.save("policies/old-en.pdf", ContentFile(pdf_document(tagged=False)))
    old_es = stored.save("policies/old-es.pdf", ContentFile(pdf_document(language="es")))
    # As a file uploaded before the check existed: in the row, with nothing found yet.
    Policy.objects.filter(pk=policy.pk).update(document_en=old_en, document_es=old_es)
    versions, changed_at = policy.history.count(), Policy.objects.get(pk=policy.pk).updated_at
    assert on_request_note(client, policy, "en") is None

    output = io.StringIO()
    call_command("check_documents", stdout=output)
    policy.refresh_from_db()
    assert policy.document_problems == {"en": ["untagged"]}
    assert "2 documents checked, 1 to fix" in output.getvalue()
    assert "Old policy" in output.getvalue()
    assert policy.history.count() == versions and policy.updated_at == changed_at
    assert on_request_note(client, policy, "en").startswith(ON_REQUEST_EN), "the cached page was made again"

    # Fixed outside the admin (the file replaced in storage): checking again clears it.
    stored.delete(old_en)
    stored.save(old_en, ContentFile(pdf_document()))
    call_command("check_documents", stdout=io.StringIO())
    policy.refresh_from_db()
    assert policy.document_problems == {}


def test_check_documents_keeps_the_last_result_when_a_file_is_missing(site_settings):
    policy = PolicyFactory()
    Policy.objects.filter(pk=policy.pk).update(document_en="policies/gone.pdf", document_problems={"en": ["untagged"]})
    errors = io.StringIO()
    call_command("check_documents", stdout=io.StringIO(), stderr=errors)
    assert "policies/gone.pdf" in errors.getvalue()
    policy.refresh_from_db()
    assert policy.document_problems == {"en": ["untagged"]}
