"""The system checks report a content model or admin that breaks the contract the building blocks rely on."""

import pytest
from django.contrib import admin
from django.core import checks
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps, override_settings

from editorial import checks as editorial_checks
from editorial.models import PublishableContent, TranslatedContent
from events.models import Event


def ids(errors):
    return {error.id for error in errors}


def test_the_project_meets_the_contract():
    assert not [error for error in checks.run_checks() if error.id.startswith("editorial.")]
    call_command("check", "--fail-level", "ERROR")


@isolate_apps("editorial")
def test_a_publishable_model_with_a_plain_manager_is_reported():
    class Leaflet(PublishableContent):
        objects = models.Manager()

        class Meta:
            app_label = "editorial"

    assert "editorial.E003" in ids(editorial_checks._publishable_errors(Leaflet))


@isolate_apps("editorial")
def test_a_visibility_boundary_that_is_not_a_date_time_is_reported():
    class Notice(PublishableContent):
        title = models.CharField(max_length=10)
        visibility_boundaries = ("publish_at", "title", "missing_field")

        class Meta:
            app_label = "editorial"

    errors = editorial_checks._publishable_errors(Notice)
    assert [error.id for error in errors] == ["editorial.E004", "editorial.E004"]


@isolate_apps("editorial")
def test_translated_content_that_registers_no_translated_fields_is_reported(monkeypatch):
    class Untranslated(TranslatedContent):
        class Meta:
            app_label = "editorial"

    monkeypatch.setattr(editorial_checks, "_project_models", lambda: [Untranslated])
    assert ids(editorial_checks.check_content_models()) == {"editorial.E002"}


@isolate_apps("editorial")
def test_a_model_with_translated_fields_outside_translated_content_is_reported(monkeypatch):
    class Plain(models.Model):  # noqa: DJ008 (a throwaway model)
        class Meta:
            app_label = "editorial"

    monkeypatch.setattr(editorial_checks, "_project_models", lambda: [Plain])
    monkeypatch.setattr(editorial_checks.translator, "get_registered_models", lambda abstract: [Plain])
    assert ids(editorial_checks.check_content_models()) == {"editorial.E001"}


def test_a_content_model_in_a_plain_model_admin_is_reported(monkeypatch):
    registry = {**admin.site._registry, Event: admin.ModelAdmin(Event, admin.site)}
    monkeypatch.setattr(admin.site, "_registry", registry)
    assert ids(editorial_checks.check_content_admins()) == {"editorial.E005", "editorial.E006"}


@pytest.mark.parametrize("value", ["outreach.Question", "nothing.Here", "not-a-label"])
def test_the_site_settings_model_must_exist_and_load(value):
    with override_settings(SITE_SETTINGS_MODEL=value):
        assert ids(editorial_checks.check_site_settings_model()) == {"editorial.E007"}
