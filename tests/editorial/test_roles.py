import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from editorial.roles import EDITORS, TRANSLATORS

pytestmark = pytest.mark.django_db


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_a_fresh_database_has_both_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS, TRANSLATORS}


@pytest.mark.parametrize(
    "model", ["event", "venue", "policy", "policytopic", "faqentry", "faqcategory", "resource", "alert", "factcheck"]
)
def test_editors_may_add_change_delete_and_view_all_content(model):
    assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames(EDITORS)


def test_only_editors_may_edit_source_text_and_publish():
    assert "edit_source_content" in codenames(EDITORS)
    assert "edit_source_content" not in codenames(TRANSLATORS)


def test_translators_may_only_view_and_change():
    permissions = codenames(TRANSLATORS)
    assert "change_event" in permissions and "view_policy" in permissions
    assert not {p for p in permissions if p.startswith(("add_", "delete_"))}


def test_create_staff_user_makes_a_translator_from_an_environment_password(monkeypatch):
    monkeypatch.setenv("NEW_STAFF_PASSWORD", "a long and unusual passphrase")
    call_command("create_staff_user", "maria", "--role", "translator", "--password-from-env", "NEW_STAFF_PASSWORD")
    user = get_user_model().objects.get(username="maria")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [TRANSLATORS]
    assert user.check_password("a long and unusual passphrase")


def test_create_staff_user_prompts_for_the_password(monkeypatch):
    answers = iter(["a long and unusual passphrase", "a long and unusual passphrase"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("create_staff_user", "editor1", "--role", "editor")
    assert get_user_model().objects.get(username="editor1").groups.get().name == EDITORS


def test_create_staff_user_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("WEAK", "password")
    with pytest.raises(CommandError):
        call_command("create_staff_user", "weak", "--role", "editor", "--password-from-env", "WEAK")
    assert not get_user_model().objects.filter(username="weak").exists()


def test_create_staff_user_refuses_mismatched_passwords(monkeypatch):
    answers = iter(["a long and unusual passphrase", "something else entirely"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="did not match"):
        call_command("create_staff_user", "typo", "--role", "translator")


def test_roles_cover_every_content_model_without_a_list_to_keep():
    from django.apps import apps

    from editorial.models import TranslatedContent

    content = {model._meta.model_name for model in apps.get_models() if issubclass(model, TranslatedContent)}
    assert {"sitesettings", "venue", "event", "policytopic", "policy", "faqentry"} <= content
    assert {f"change_{name}" for name in content} <= codenames(TRANSLATORS)
    assert {f"delete_{name}" for name in content} <= codenames(EDITORS)


def test_residents_questions_are_for_editors_only():
    assert {"view_question", "change_question"} <= codenames(EDITORS)
    assert not {p for p in codenames(TRANSLATORS) if p.endswith("_question")}


def test_the_editing_permission_belongs_to_the_editorial_layer():
    from django.contrib.auth.models import Permission

    permission = Permission.objects.get(codename="edit_source_content")
    assert permission.content_type.app_label == "editorial"
    assert Group.objects.get(name=EDITORS).permissions.filter(pk=permission.pk).exists()


def test_syncing_the_roles_again_changes_nothing():
    from editorial.roles import sync_roles

    before = {name: codenames(name) for name in (EDITORS, TRANSLATORS)}
    sync_roles()
    assert {name: codenames(name) for name in (EDITORS, TRANSLATORS)} == before
