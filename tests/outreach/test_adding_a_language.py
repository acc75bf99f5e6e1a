"""Adding a language is configuration plus migrations: the README's steps, run on a copy of the project."""

import json
import os
import subprocess
import sys

from tests.helpers import copy_project

CHECK = r"""
import json
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from bs4 import BeautifulSoup

client = Client()
result = {}
result["root"] = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")["Location"]
page = BeautifulSoup(client.get("/fr/events/").content, "html.parser")
result["lang"] = page.html["lang"]
result["switcher"] = [a["hreflang"] for a in page.select("nav.language-switcher a")]
result["hreflang"] = sorted(link["hreflang"] for link in page.select("link[rel=alternate][hreflang]"))
admin = Client()
admin.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
from events.models import Event
event = Event.objects.first()
form = BeautifulSoup(admin.get(reverse("admin:events_event_change", args=[event.pk])).content, "html.parser")
result["fieldsets"] = [h.get_text(strip=True) for h in form.select("fieldset.translation h2")]
result["title_fr_input"] = bool(form.find("input", attrs={"name": "title_fr"}))
queue = BeautifulSoup(admin.get(reverse("admin:translation-queue")).content, "html.parser")
result["queue_mentions_french"] = "Français" in queue.get_text()
result["event_status"] = event.translation_status
found = BeautifulSoup(client.get("/fr/search/", {"q": "WARRANTS"}).content, "html.parser")
result["search"] = [link.get("lang") for link in found.select(".search-result h3 a")]
print("RESULT" + json.dumps(result))
"""


def test_a_third_language_needs_only_settings_and_migrations(tmp_path):
    copy_project(tmp_path)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "outreach.settings",
        "DEBUG": "true",
        "LANGUAGES": "en,es,fr",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONPATH": str(tmp_path),
    }
    environment.pop("REDIS_URL", None)

    def manage(*arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=tmp_path,
            env=environment,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    created = manage("makemigrations")
    assert "title_fr" in created or "Add field" in created
    manage("migrate", "--noinput")
    manage("seed_demo")
    output = manage("shell", "-c", CHECK)
    result = json.loads(output.split("RESULT", 1)[1])

    assert result["root"] == "/fr/"
    assert result["lang"] == "fr"
    assert result["switcher"] == ["en", "es"]
    assert result["hreflang"] == ["en", "es", "fr", "x-default"]
    assert result["fieldsets"] == ["English", "Español", "Français"]
    assert result["title_fr_input"]
    assert result["queue_mentions_french"]
    assert result["event_status"] == "missing"
    # Search is indexed in French too: the English text (stemmed, case folded), marked as English.
    assert result["search"] and set(result["search"]) == {"en"}
