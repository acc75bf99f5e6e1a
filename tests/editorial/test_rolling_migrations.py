"""
The rolling-deploy check (editorial/rolling.py, `manage.py check_rolling_migrations`): a migration the new release adds
must leave a schema the previous release's code keeps working on, since both serve while the deploy rolls.

Most tests give the check a made-up previous release (a shop app whose Item has a title, a price and a note) and
made-up migrations; the last ones run the command on this repository's real history, and run a real deploy: the
previous release serving through gunicorn while today's code migrates its database.
"""

import os
import re
import secrets
import subprocess
import sys
import threading
import time
import types
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import migrations, models

from editorial import rolling
from tests.helpers import free_port

ROOT = Path(settings.BASE_DIR)

PREVIOUS = rolling.PreviousRelease(
    {
        "shop.item": {
            "table": "shop_item",
            "fields": {
                "id": {"column": "id", "null": False, "max_length": None},
                "title": {"column": "title", "null": False, "max_length": 100},
                "note": {"column": "note", "null": True, "max_length": 200},
                "owner": {"column": "owner_id", "null": True, "max_length": None},
                "tags": {"column": None, "null": True, "max_length": None, "table": "shop_item_tags"},
            },
        },
    },
    frozenset({("shop", "0001_initial")}),
)


def migration(*operations, name="0002_change"):
    made = migrations.Migration(name, "shop")
    made.operations = list(operations)
    return made


def problems(*operations):
    found, marked = rolling.check([migration(*operations)], PREVIOUS)
    assert marked == []
    return [str(problem) for problem in found]


@pytest.mark.parametrize(
    ("operation", "named"),
    [
        (migrations.RemoveField("item", "note"), "drops shop.item.note (column 'note')"),
        (migrations.RemoveField("item", "tags"), "drops shop.item.tags (table 'shop_item_tags')"),
        (migrations.RenameField("item", "title", "name"), "renames shop.item.title (column 'title') to 'name'"),
        (migrations.DeleteModel("Item"), "drops the table 'shop_item'"),
        (migrations.RenameModel("Item", "Product"), "renames shop.Item (table 'shop_item') to Product"),
        (migrations.AlterModelTable("item", "shop_product"), "renames the table 'shop_item'"),
        (
            migrations.AlterField("item", "note", models.CharField(max_length=200, db_column="remark", null=True)),
            "renames shop.item.note (column 'note') to 'remark'",
        ),
        (
            migrations.AlterField("item", "note", models.CharField(max_length=200, default="")),
            "makes shop.item.note (column 'note') NOT NULL",
        ),
        (
            migrations.AlterField("item", "title", models.CharField(max_length=50)),
            "shortens shop.item.title (column 'title') from 100 to 50 characters",
        ),
        (
            migrations.AddField("item", "price", models.PositiveIntegerField()),
            "adds the NOT NULL column 'price' (shop.item.price) without db_default",
        ),
        (
            migrations.AddField("item", "price", models.PositiveIntegerField(default=0)),
            "adds the NOT NULL column 'price' (shop.item.price) without db_default",
        ),
        (
            migrations.AddField("item", "maker", models.ForeignKey("auth.User", models.CASCADE)),
            "adds the NOT NULL column 'maker_id' (shop.item.maker) without db_default",
        ),
        (migrations.RunSQL('ALTER TABLE "shop_item" DROP COLUMN "note"'), "drops the column 'note' of 'shop_item'"),
        (migrations.RunSQL("DROP TABLE shop_item;"), "drops the table 'shop_item'"),
        (migrations.RunSQL("ALTER TABLE shop_item RENAME COLUMN note TO remark"), "renames in the table 'shop_item'"),
        (
            migrations.SeparateDatabaseAndState(database_operations=[migrations.RemoveField("item", "note")]),
            "drops shop.item.note (column 'note')",
        ),
    ],
)
def test_an_operation_that_breaks_the_previous_release_is_named_with_its_migration_and_column(operation, named):
    (found,) = problems(operation)
    # The operation that touches the database is named (inside a state/database split, the database one).
    touching = getattr(operation, "database_operations", [operation])[0]
    assert found.startswith(f"shop.0002_change: {touching.describe()}: ")
    assert named in found


@pytest.mark.parametrize(
    "operation",
    [
        migrations.AddField("item", "price", models.PositiveIntegerField(null=True)),
        migrations.AddField("item", "price", models.PositiveIntegerField(db_default=0)),
        migrations.AddField("item", "sizes", models.ManyToManyField("auth.Group")),
        migrations.CreateModel("Basket", [("id", models.AutoField(primary_key=True)), ("size", models.IntegerField())]),
        # New since the previous release, so no code of it uses these.
        migrations.AddField("basket", "size", models.IntegerField()),
        migrations.RemoveField("item", "added_since"),
        migrations.DeleteModel("Basket"),
        migrations.AlterField("item", "note", models.CharField(max_length=300, null=True, help_text="Longer now.")),
        migrations.AlterField("item", "title", models.CharField(max_length=100, null=True)),
        migrations.AddIndex("item", models.Index(fields=["title"], name="item_title")),
        migrations.RunSQL("CREATE INDEX item_note ON shop_item (note)", "DROP INDEX item_note"),
        migrations.RunSQL("ALTER TABLE shop_basket DROP COLUMN size"),
        migrations.RunPython(migrations.RunPython.noop),
    ],
)
def test_an_expanding_operation_is_fine(operation):
    assert problems(operation) == []


def test_sql_the_check_cannot_read_is_flagged_for_a_person_to_read():
    (found,) = problems(migrations.RunSQL("DROP SCHEMA legacy CASCADE"))
    assert "cannot name" in found


def test_a_contract_step_declared_safe_in_its_module_passes_and_says_why(monkeypatch):
    module = types.ModuleType("shop.migrations.0003_drop_note")
    module.ROLLING_DEPLOY_SAFE = "Item.note unused since release 12"
    monkeypatch.setitem(sys.modules, module.__name__, module)
    marked_class = type("Migration", (migrations.Migration,), {"__module__": module.__name__})
    contract = marked_class("0003_drop_note", "shop")
    contract.operations = [migrations.RemoveField("item", "note")]

    found, marked = rolling.check([contract, migration(migrations.RenameField("item", "title", "name"))], PREVIOUS)

    assert marked == [("shop.0003_drop_note", "Item.note unused since release 12")]
    assert [problem.migration for problem in found] == ["shop.0002_change"]


def test_an_empty_declaration_does_not_count(monkeypatch):
    module = types.ModuleType("shop.migrations.0003_drop_note")
    module.ROLLING_DEPLOY_SAFE = " "
    monkeypatch.setitem(sys.modules, module.__name__, module)
    contract = type("Migration", (migrations.Migration,), {"__module__": module.__name__})("0003_drop_note", "shop")
    contract.operations = [migrations.RemoveField("item", "note")]
    found, marked = rolling.check([contract], PREVIOUS)
    assert (len(found), marked) == (1, [])


def test_the_previous_release_is_the_commit_on_the_last_line_of_its_file(tmp_path):
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "previous-release").write_text("# the running release\n\n  abc123  # release 12\n")
    assert rolling.release_revision(tmp_path) == "abc123"


def test_the_repository_passes_the_check_against_its_previous_release(capsys):
    call_command("check_rolling_migrations")
    assert "safe for a rolling deploy" in capsys.readouterr().out


def test_the_columns_this_release_adds_to_existing_tables_keep_a_database_default(capsys):
    # Policy sources and the meeting notes (issue 13) add NOT NULL columns to tables the previous release writes: with
    # a Python default only, its INSERTs would fail while both serve. They carry db_default, so the check passes them.
    call_command("check_rolling_migrations", "--since", "47c1fc6")
    assert "safe for a rolling deploy" in capsys.readouterr().out


def test_a_revision_git_does_not_know_is_a_clear_failure():
    with pytest.raises(CommandError, match="git archive"):
        call_command("check_rolling_migrations", "--since", "no-such-release")


# A real rolling deploy on this machine: the previous release serves through gunicorn while today's code migrates the
# same database. The release before policy sources and meeting notes is used because real migrations follow it.
RELEASE_BEFORE_MIGRATIONS = "47c1fc6"
SERVER_SETTINGS = """
from outreach.settings import *  # noqa: F403

# Served without collectstatic: plain static storage (the pages only need the files' addresses).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


def run(project, environment, *arguments):
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=project, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, f"{' '.join(arguments)} failed:\n{result.stderr[-3000:]}"
    return result.stdout


def read(address):
    try:
        with urllib.request.urlopen(address, timeout=15) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError as error:
        return repr(error), ""


def previous_release_site(tmp_path, database_url):
    """The release before the migrations, migrated and seeded by its own code; its environment and today's."""
    archive = subprocess.run(["git", "archive", RELEASE_BEFORE_MIGRATIONS], cwd=ROOT, check=True, capture_output=True)
    old = tmp_path / "previous"
    old.mkdir()
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    (tmp_path / "server_settings.py").write_text(SERVER_SETTINGS)
    environment = {
        **{name: value for name, value in os.environ.items() if name not in {"REDIS_URL", "DATABASE_URL"}},
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://outreach.example.org",
        "MEDIA_ROOT": str(tmp_path / "media"),
        # Every read goes to the database, none is answered from the page cache.
        "PAGE_CACHE_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    previous = {
        **environment,
        "DJANGO_SETTINGS_MODULE": "server_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(old)]),
    }
    run(old, previous, "migrate", "--noinput")
    run(old, previous, "seed_demo")
    return old, previous, {**environment, "DJANGO_SETTINGS_MODULE": "outreach.settings"}


def test_the_previous_release_keeps_serving_while_the_new_one_migrates(tmp_path, fresh_database_url):
    old, previous, today = previous_release_site(tmp_path, fresh_database_url)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(tmp_path / "previous.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "outreach.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
            cwd=old,
            env=previous,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while read(f"{base}/healthz")[0] != 200:
            assert server.poll() is None, (tmp_path / "previous.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "the previous release did not start serving"
            time.sleep(0.2)
        listing = read(f"{base}/en/policies/")[1]
        policy = re.search(r'href="(/en/policies/[\w-]+/)"', listing).group(1)
        meeting = re.search(r'href="(/en/events/[\w-]+/)"', read(f"{base}/en/events/")[1]).group(1)
        pages = ["/en/", "/es/", "/en/events/", meeting, "/en/policies/", policy, "/es/politicas/", "/en/faq/"]
        answers = []
        stop = threading.Event()

        def reader():
            while not stop.is_set():
                for page in pages:
                    answers.append((time.monotonic(), page, read(base + page)[0]))

        reading = threading.Thread(target=reader)
        reading.start()
        try:
            time.sleep(1)
            started = time.monotonic()
            migrated = run(ROOT, today, "migrate", "--noinput")
            finished = time.monotonic()
            time.sleep(2)
        finally:
            stop.set()
            reading.join(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert "Applying policies.0006_policy_sources_and_change_notes... OK" in migrated
    assert "Applying events.0006_heard_notes... OK" in migrated
    during = [answer for answer in answers if started <= answer[0] <= finished]
    after = [answer for answer in answers if answer[0] > finished]
    assert len(during) >= len(pages) and len(after) >= len(pages)
    failed = [(page, status) for _, page, status in answers if status != 200]
    assert failed == [], f"{len(failed)} of {len(answers)} reads failed: {failed[:10]}"


COPY = """
from {app}.models import {model}

item = {model}.objects.first()
item.pk = item.id = None
item._state.adding = True
item.slug = "a-copy-saved-by-the-previous-release"
item.save()
"""


def test_the_previous_release_still_saves_policies_meetings_notes_and_faq_entries_after_todays_migrations(
    tmp_path, fresh_database_url
):
    old, previous, today = previous_release_site(tmp_path, fresh_database_url)
    run(ROOT, today, "migrate", "--noinput")

    def saved_by_the_previous_release(app, model):
        script = COPY.format(app=app, model=model)
        return subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script], cwd=old, env=previous, capture_output=True, text=True
        )

    # policies 0006 and events 0006 add NOT NULL columns the old code does not know: their database defaults fill
    # them in the old code's INSERTs. outreach 0012 adds a nullable column.
    for app, model in [("policies", "Policy"), ("events", "Event"), ("outreach", "FaqEntry")]:
        saved = saved_by_the_previous_release(app, model)
        assert saved.returncode == 0, (model, saved.stderr[-3000:])
    copy = run(
        ROOT,
        today,
        "shell",
        "-c",
        "from policies.models import Policy;"
        "p = Policy.objects.get(slug='a-copy-saved-by-the-previous-release');"
        "print(repr((p.issued_by, p.is_major, p.note, p.scope, p.source_url)))",
    )
    assert "('', False, '', '', '')" in copy
