"""Asking a question without giving a name: the form, its spam defences, the inbox and retention."""

import datetime
import time

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from editorial.publication import PublishStatus
from outreach.forms import ASK_SALT
from outreach.models import FaqEntry, Question, QuestionState
from tests.factories import FaqCategoryFactory, staff_in_role
from tests.helpers import admin_path, form_data, html

# Every page reads the site settings row.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

ASK = {"en": "/en/ask/", "es": "/es/preguntar/"}


def stamp(seconds_ago=10):
    return signing.TimestampSigner(salt=ASK_SALT).sign(str(int(time.time() - seconds_ago)))


def ask(client, language="en", text="Can I call 911 if I have no papers?", **extra):
    data = {"text": text, "topic": "", "website": "", "shown_at": stamp(), **extra}
    return client.post(ASK[language], data, REMOTE_ADDR=extra.pop("address", "198.51.100.7"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_ask_page_says_plainly_what_is_and_is_not_kept_above_the_form(client, language):
    page = html(client.get(ASK[language]))
    notice = page.select_one(".what-we-keep")
    form = page.select_one("form.ask-form")
    assert notice is not None and form is not None
    assert notice.sourceline < form.sourceline
    expected = {"en": ["We keep:", "We do not keep:", "IP"], "es": ["Guardamos:", "No guardamos:", "IP"]}[language]
    for fragment in expected:
        assert fragment in notice.get_text()
    assert notice.find("a", href={"en": "/en/privacy/", "es": "/es/privacidad/"}[language])


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_question_is_stored_with_text_language_and_hour_only(client, language):
    topic = FaqCategoryFactory()
    response = ask(client, language, text="¿Qué pasa si tengo una orden de arresto? 🙂", topic=topic.pk)

    assert response.status_code == 302
    assert response["Location"] == ASK[language] + "?sent=1"
    question = Question.objects.get()
    assert question.text == "¿Qué pasa si tengo una orden de arresto? 🙂"
    assert question.language == language
    assert question.topic == topic
    assert question.state == QuestionState.NEW
    assert (question.created_at.minute, question.created_at.second) == (0, 0)
    thanks = html(client.get(response["Location"])).select_one(".ask-sent")
    assert thanks is not None


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["read every question", "cannot answer you personally", "In an emergency, do not write: call 911."]),
        ("es", ["lee todas las preguntas", "No podemos responderle personalmente", "no escriba: llame al 911."]),
    ],
)
def test_the_form_says_what_happens_to_a_question_before_it_is_sent(client, language, expected):
    page = html(client.get(ASK[language]))
    notice = page.select_one(".after-you-ask")
    assert notice.sourceline < page.select_one("form.ask-form").sourceline
    text = " ".join(notice.get_text().split())
    for fragment in expected:
        assert fragment in text
    assert notice.find("a", href={"en": "/en/faq/", "es": "/es/preguntas-frecuentes/"}[language])
    assert notice.find(string=lambda string: "555-0100" in string)


def test_the_form_offers_an_optional_topic(client):
    FaqCategoryFactory(name_es="Llamar a la policía")
    page = html(client.get("/es/preguntar/"))
    options = [option.get_text(strip=True) for option in page.select("select[name=topic] option")]
    assert options == ["No estoy seguro / otro", "Llamar a la policía"]


def test_filled_honeypot_is_refused_and_keeps_the_text(client):
    response = ask(client, text="Buy cheap watches here please", website="http://spam.example")
    page = html(response)
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert "could not be sent" in page.get_text()
    assert page.find("textarea", attrs={"name": "text"}).get_text().strip() == "Buy cheap watches here please"


def test_honeypot_is_hidden_from_people_and_screen_readers(client):
    page = html(client.get("/en/ask/"))
    trap = page.find("input", attrs={"name": "website"})
    wrapper = trap.find_parent(class_="ask-form__trap")
    assert wrapper["aria-hidden"] == "true"
    assert trap["tabindex"] == "-1"


def test_too_fast_submission_is_refused_and_keeps_the_text(client):
    response = ask(client, text="Is the meeting free of charge?", shown_at=stamp(seconds_ago=0))
    page = html(response)
    assert not Question.objects.exists()
    assert "very fast" in page.get_text()
    assert page.find("textarea", attrs={"name": "text"}).get_text().strip() == "Is the meeting free of charge?"
    # The re-shown form carries a fresh stamp: sending again a little later works.
    data = form_data(response)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30)):
        assert client.post("/en/ask/", data).status_code == 302
    assert Question.objects.count() == 1


@pytest.mark.parametrize("shown_at", ["", "12345", "forged:stamp", "1700000000:1ab:forged-signature"])
def test_missing_or_forged_stamp_is_refused_and_keeps_the_text(client, shown_at):
    response = ask(client, text="Where is the next meeting?", shown_at=shown_at)
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert html(response).find("textarea", attrs={"name": "text"}).get_text().strip() == "Where is the next meeting?"


def test_a_form_left_open_for_days_is_refused_and_keeps_the_text(client):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        old_stamp = stamp()
    response = ask(client, text="Where is the next meeting?", shown_at=old_stamp)
    assert "open too long" in html(response).get_text()
    assert not Question.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "hi"])
def test_empty_or_too_short_question_is_explained(client, text):
    response = ask(client, text=text)
    assert response.status_code == 200
    assert html(response).select(".invalid-feedback, .errorlist, .alert-block")
    assert not Question.objects.exists()


def test_fifty_thousand_characters_are_refused_with_a_clear_message_and_kept(client):
    text = "¿Mi pregunta? " * 3572  # 50,008 characters
    response = ask(client, "es", text=text)
    page = html(response)
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert "4000" in page.get_text().replace(",", "").replace(".", "")
    assert len(page.find("textarea", attrs={"name": "text"}).get_text().strip()) == len(text.strip())


def test_over_the_rate_limit_the_answer_is_a_friendly_429_that_keeps_the_text(client, settings):
    settings.ASK_RATE_LIMIT = 3
    for number in range(3):
        assert ask(client, text=f"Question number {number}").status_code == 302
    response = ask(client, "es", text="Una pregunta más, por favor")
    page = html(response)
    assert response.status_code == 429
    assert "inténtelo más tarde" in page.get_text()
    assert page.find("textarea", attrs={"name": "text"}).get_text().strip() == "Una pregunta más, por favor"
    assert Question.objects.count() == 3
    # Someone else (another address) is not affected.
    assert ask(Client(), text="A different person asks", address="203.0.113.50").status_code == 302


def test_the_rate_limit_resets_in_the_next_window(client, settings):
    settings.ASK_RATE_LIMIT = 1
    assert ask(client).status_code == 302
    assert ask(client).status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=settings.ASK_RATE_WINDOW_SECONDS + 1)):
        assert ask(client, shown_at=stamp(seconds_ago=10)).status_code == 302


# --- The staff inbox ---------------------------------------------------------------------------------------------


@pytest.fixture
def editor(client):
    client.force_login(staff_in_role("editor"))
    return client


def test_inbox_lists_questions_with_state_and_filters(editor):
    Question.objects.create(text="First question", language="es")
    Question.objects.create(text="Spam question", language="en", state=QuestionState.SPAM)
    page = html(editor.get(admin_path("outreach/question/?state__exact=new")))
    assert "First question" in page.select_one("#result_list").get_text()
    assert "Spam question" not in page.select_one("#result_list").get_text()
    assert "By state" in page.select_one("#changelist-filter").get_text()


def test_staff_cannot_add_or_reword_a_question(editor):
    question = Question.objects.create(text="Original words", language="en")
    assert editor.get(admin_path("outreach/question/add/")).status_code == 403
    url = admin_path(f"outreach/question/{question.pk}/change/")
    data = form_data(editor.get(url))
    data.update(text="Reworded", state="answered", staff_note="Answered at the Irving meeting.")
    editor.post(url, data)
    question.refresh_from_db()
    assert (question.text, question.state, question.staff_note) == (
        "Original words",
        "answered",
        "Answered at the Irving meeting.",
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_convert_to_faq_draft_creates_an_unpublished_entry_in_the_question_language(editor, language):
    topic = FaqCategoryFactory()
    question = Question.objects.create(text="¿Puedo ir a la reunión con mis hijos?", language=language, topic=topic)
    response = editor.post(
        admin_path("outreach/question/"),
        {"action": "convert_to_faq_draft", "_selected_action": [question.pk]},
        follow=True,
    )
    entry = FaqEntry.objects.get()
    assert entry.status == PublishStatus.DRAFT
    assert getattr(entry, f"question_{language}") == question.text
    assert entry.category == topic
    question.refresh_from_db()
    assert (question.state, question.faq_entry) == (QuestionState.CONVERTED, entry)
    assert response.redirect_chain[-1][0] == admin_path(f"outreach/faqentry/{entry.pk}/change/")
    assert entry not in FaqEntry.objects.published()


def test_admin_index_shows_the_number_of_new_questions(editor):
    Question.objects.create(text="One", language="en")
    Question.objects.create(text="Two", language="es")
    Question.objects.create(text="Old", language="es", state=QuestionState.ANSWERED)
    box = html(editor.get(admin_path())).select_one("#work-queues")
    assert "2 new" in " ".join(box.get_text().split())


def test_translators_do_not_see_residents_questions(client):
    Question.objects.create(text="Private question", language="en")
    client.force_login(staff_in_role("translator"))
    assert client.get(admin_path("outreach/question/")).status_code == 403
    assert "Residents' questions" not in client.get(admin_path()).content.decode()


# --- Retention ---------------------------------------------------------------------------------------------------


def test_purge_deletes_questions_past_retention_and_spam_after_a_week(settings):
    now = timezone.now()
    keep = Question.objects.create(text="Recent", language="en", created_at=now - datetime.timedelta(days=89))
    Question.objects.create(text="Old", language="en", created_at=now - datetime.timedelta(days=91))
    keep_spam = Question.objects.create(
        text="New spam", language="en", state=QuestionState.SPAM, created_at=now - datetime.timedelta(days=6)
    )
    Question.objects.create(
        text="Old spam", language="en", state=QuestionState.SPAM, created_at=now - datetime.timedelta(days=8)
    )

    call_command("purge_questions")

    assert set(Question.objects.all()) == {keep, keep_spam}


def test_purge_follows_the_retention_setting(settings):
    settings.QUESTION_RETENTION_DAYS = 30
    Question.objects.create(
        text="Five weeks old", language="es", created_at=timezone.now() - datetime.timedelta(days=35)
    )
    call_command("purge_questions")
    assert not Question.objects.exists()


def test_behind_a_proxy_the_limit_uses_the_address_the_proxy_added(client, settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.ASK_RATE_LIMIT = 2
    statuses = []
    for number in range(3):
        # The sender invents a new first address each time; the proxy's own entry (the last) is the same.
        forwarded = f"10.0.0.{number}, 198.51.100.7"
        data = {"text": f"Question {number} here", "shown_at": stamp()}
        statuses.append(client.post("/en/ask/", data, HTTP_X_FORWARDED_FOR=forwarded).status_code)
    assert statuses == [302, 302, 429]


def test_a_form_sent_after_the_browser_session_ended_is_shown_again_with_the_question(site_settings):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/es/preguntar/", {"text": "¿Puedo llamar al 911 sin papeles?", "shown_at": stamp()})
    page = html(response)
    assert response.status_code == 403
    assert page.find("textarea", attrs={"name": "text"}).get_text().strip() == "¿Puedo llamar al 911 sin papeles?"
    assert page.html["lang"] == "es"
    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert not Question.objects.exists()


def test_converting_a_question_keeps_its_words_out_of_the_admin_log(editor):
    from django.contrib.admin.models import LogEntry

    question = Question.objects.create(text="My name is Maria Lopez and I live on Example Street", language="en")
    FaqCategoryFactory()
    editor.post(admin_path("outreach/question/"), {"action": "convert_to_faq_draft", "_selected_action": [question.pk]})
    editor.post(admin_path("outreach/question/"), {"action": "mark_spam", "_selected_action": [question.pk]})
    logged = " ".join(f"{entry.object_repr} {entry.change_message}" for entry in LogEntry.objects.all())
    assert LogEntry.objects.count() == 2
    assert "Maria" not in logged
    assert f"Question {question.pk}" in logged


@pytest.mark.parametrize("path", ["/en/ask/", "/es/preguntar/", "/en/privacy/", "/es/privacidad/"])
def test_ask_and_privacy_pages_run_the_same_number_of_queries_for_5_and_200_items(client, path):
    from outreach.models import FaqCategory
    from tests.helpers import queries_for

    for number in range(5):
        Question.objects.create(text=f"Question {number}", language="en")
        FaqCategoryFactory()
    few = queries_for(client, path)
    FaqCategory.objects.bulk_create(FaqCategory(name_en=f"Topic {n}", slug=f"topic-{n}") for n in range(195))
    Question.objects.bulk_create(Question(text=f"Q{n}", language="es", created_at=timezone.now()) for n in range(195))
    many = queries_for(client, path)
    assert few == many <= 3
