"""
`export_content` and `import_content`: a backup restored into a fresh database holds the same content, in every
language, with its history, staff accounts and uploaded files. Run against the suite's own engine, so CI proves it on
SQLite and on PostgreSQL.
"""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from editorial.models import SharedCounter
from policies.models import Policy
from tests.factories import (
    EventFactory,
    FaqEntryFactory,
    PolicyFactory,
    ResourceFactory,
    SuperuserFactory,
)
from tests.helpers import image_upload

pytestmark = pytest.mark.django_db

# What the restored site is asked for: one line of JSON with what a test compares.
REPORT = """
import json
from django.contrib.auth import get_user_model
from events.models import Event
from outreach.models import FaqEntry, SearchEntry
from policies.models import Policy
event = Event.objects.get(slug="restored-meeting")
policy = Policy.objects.get(slug="restored-policy")
print(json.dumps({
    "event": [event.title_en, event.title_es, event.image.name, event.image.read().hex()[:64]],
    "policy": [policy.title_en, policy.title_es, policy.history.count()],
    "faq": sorted(FaqEntry.objects.values_list("question_es", flat=True)),
    "staff": sorted(get_user_model().objects.values_list("username", flat=True)),
    "searchable": SearchEntry.objects.exists(),
}))
"""


def manage(database_url, media_root, *arguments):
    environment = {
        **{name: value for name, value in os.environ.items() if name != "REDIS_URL"},
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DEBUG": "true",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    SuperuserFactory(username="chief")
    EventFactory(
        slug="restored-meeting",
        title_en="Meeting with the chief",
        title_es="Reunión con el jefe",
        image=image_upload(size=(320, 200)),
        image_alt_en="The hall",
        image_alt_es="El salón",
    )
    policy = PolicyFactory(slug="restored-policy", title_en="Calling 911", title_es="Llamar al 911")
    policy.title_es = "Llamar al 911 es seguro"
    policy.save()
    FaqEntryFactory(question_es="¿Me pedirán papeles?")
    ResourceFactory()
    SharedCounter.objects.create(key="a-failed-sign-in", count=3, expires_at=policy.updated_at)


def test_a_backup_restores_into_a_fresh_database_with_translations_history_accounts_and_files(
    content, tmp_path, fresh_database_url
):
    backup = tmp_path / "backup.zip"
    call_command("export_content", str(backup))

    restored_media = tmp_path / "restored-media"
    for step in (("migrate", "--noinput"), ("import_content", str(backup))):
        result = manage(fresh_database_url, restored_media, *step)
        assert result.returncode == 0, result.stderr[-3000:]
    assert "Restored" in result.stdout

    report = manage(fresh_database_url, restored_media, "shell", "-c", REPORT)
    assert report.returncode == 0, report.stderr[-3000:]
    restored = json.loads(report.stdout.strip().splitlines()[-1])

    event = EventFactory._meta.model.objects.get(slug="restored-meeting")
    assert restored["event"][:3] == ["Meeting with the chief", "Reunión con el jefe", event.image.name]
    assert restored["event"][3] == event.image.read().hex()[:64]
    assert restored["policy"] == ["Calling 911", "Llamar al 911 es seguro", 2]
    assert "¿Me pedirán papeles?" in restored["faq"]
    assert restored["staff"] == ["chief"]
    assert restored["searchable"], "the search index is rebuilt after the import"


def test_a_backup_keeps_out_sessions_counters_and_the_search_index(content, tmp_path, settings):
    (Path(settings.GENERATED_ROOT) / "flyers").mkdir(parents=True, exist_ok=True)
    (Path(settings.GENERATED_ROOT) / "flyers" / "1-en.0123456789abcdef0123.pdf").write_bytes(b"%PDF-1.7")
    backup = tmp_path / "backup.zip"
    call_command("export_content", str(backup))
    with zipfile.ZipFile(backup) as archive:
        models = {row["model"] for row in json.loads(archive.read("content.json"))}
        names = archive.namelist()
    assert {"events.event", "policies.policy", "policies.historicalpolicy", "auth.user", "auth.group"} <= models
    assert not models & {
        "editorial.sharedcounter",
        "sessions.session",
        "outreach.searchentry",
        "contenttypes.contenttype",
    }
    assert any(name.startswith("media/events/") for name in names)
    assert not any(name.startswith("media/CACHE/") for name in names)
    assert not any("flyers/" in name for name in names)


def test_importing_into_a_database_that_holds_content_is_refused(content, tmp_path):
    backup = tmp_path / "backup.zip"
    call_command("export_content", str(backup))
    with pytest.raises(CommandError, match="already holds content"):
        call_command("import_content", str(backup))
    assert Policy.objects.count() == 1
