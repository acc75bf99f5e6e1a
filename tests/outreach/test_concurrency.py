"""
The embedded database with several editors at once: separate processes (as gunicorn's workers are) saving through
the admin into one SQLite file at the same moment. Without WAL, IMMEDIATE transactions and a busy timeout
(settings.DATABASES), some of these saves fail at once with "database is locked".
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

SETUP = """
from django.contrib.auth import get_user_model
from tests.factories import EventFactory
get_user_model().objects.create_superuser("chief", "chief@example.org", "a long password for the test")
for number in range(4):
    EventFactory(slug=f"meeting-{number}")
print("ready")
"""

EDIT = """
from django.test import Client
from events.models import Event
from tests.helpers import admin_path, form_data, image_upload

client = Client()
client.force_login(Event.objects.model._meta.apps.get_model("auth", "User").objects.get(username="chief"))
event = Event.objects.get(slug="meeting-{number}")
url = admin_path(f"events/event/{{event.pk}}/change/")
for attempt in range(4):
    data = form_data(client.get(url))
    data.update(title_en=f"Saved {{attempt}}", image_alt_en="The hall", image_alt_es="El salón")
    response = client.post(url, {{**data, "image": image_upload(size=(320, 200))}})
    assert response.status_code == 302, (response.status_code, response.content[:2000])
print("saved")
"""

CHECK = """
import json
from events.models import Event
names = set(Event.objects.values_list("image", flat=True)) | set(Event.history.values_list("image", flat=True))
print(json.dumps({"titles": sorted(Event.objects.values_list("title_en", flat=True)), "files": sorted(names)}))
"""


@pytest.fixture
def environment(tmp_path):
    return {
        **{name: value for name, value in os.environ.items() if name not in {"REDIS_URL", "DATABASE_URL"}},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "outreach.settings",
    }


def start(environment, *arguments):
    return subprocess.Popen(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process):
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err[-3000:]
    return out.strip().splitlines()


def test_four_editors_saving_with_pictures_at_the_same_moment_all_succeed_and_leave_no_orphan(environment, tmp_path):
    finish(start(environment, "migrate", "--noinput"))
    assert finish(start(environment, "shell", "-c", SETUP))[-1] == "ready"

    editors = [start(environment, "shell", "-c", EDIT.format(number=number)) for number in range(4)]
    assert [finish(editor)[-1] for editor in editors] == ["saved"] * 4

    result = json.loads(finish(start(environment, "shell", "-c", CHECK))[-1])
    assert result["titles"] == ["Saved 3"] * 4
    stored = {
        path.relative_to(tmp_path / "media").as_posix()
        for path in (tmp_path / "media" / "events").iterdir()
        if path.is_file()
    }
    assert len(stored) == 16
    assert stored <= set(result["files"]), "every stored picture belongs to a meeting or a revision of one"
