"""
A site set up before the editorial layer existed migrates forward without losing anything.

The old site is the real thing: the project as it was at the last commit before the move, taken from git, run
with this interpreter to migrate and seed a database (and to add staff in both roles). Today's code then migrates
that same database, and every row of content, translation, history, role and account must still be there. It
runs on the kind of database the suite runs on (SQLite by default, PostgreSQL in CI's second run).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BEFORE_THE_MOVE = "7cce1d6dc0bc4d9749ae75cf056cd4449e39e99b"
DUMPED = ["outreach", "events", "policies", "auth.group", "auth.user"]
SEARCH_INDEX = {"outreach.searchentry", "outreach.searchtext"}
NEW_APPS = {"guides"}
SLUGGED = ["outreach.faqentry", "outreach.resource", "outreach.factcheck"]

ADD_STAFF = """
from django.contrib.auth.models import Permission
from django.contrib.auth import get_user_model
user = get_user_model().objects.create_user("direct", password="x", is_staff=True)
user.user_permissions.add(Permission.objects.get(codename="edit_source_content"))
"""


def the_old_project(destination):
    try:
        archive = subprocess.run(["git", "archive", BEFORE_THE_MOVE], cwd=ROOT, check=True, capture_output=True)
    except subprocess.CalledProcessError as error:
        pytest.fail(f"This test needs the project's git history (commit {BEFORE_THE_MOVE}): {error.stderr!r}")
    destination.mkdir()
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive.stdout, check=True)
    # The old project lists the `bootstrap` app of django-bootstrap-static, which the site no longer installs
    # (its CSS is built from Bootstrap's Sass sources now): an empty app stands in, since migrate and seed_demo
    # never serve its files. It comes first on PYTHONPATH, so it is the one used either way.
    (destination / "bootstrap").mkdir()
    (destination / "bootstrap" / "__init__.py").touch()
    return destination


def manage(project, database_url, *arguments, **extra_environment):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "outreach.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(project),
        **extra_environment,
    }
    environment.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=project, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, f"{' '.join(arguments)} failed:\n{result.stderr[-3000:]}"
    return result.stdout


def dump(project, database_url):
    output = manage(project, database_url, "dumpdata", *DUMPED, "--natural-foreign", "--natural-primary")
    return json.loads(output)


def by_identity(rows):
    return {(row["model"], row.get("pk"), json.dumps(row["fields"].get("username"))): row for row in rows}


def moved_permission(permission):
    # The one thing that is meant to change: the editing permission now belongs to the editorial layer.
    return (
        ["edit_source_content", "editorial", "contentpermission"]
        if permission[0] == "edit_source_content"
        else permission
    )


def test_a_seeded_site_from_before_the_move_migrates_forward_with_nothing_lost(tmp_path, fresh_database_url):
    database_url = fresh_database_url
    old = the_old_project(tmp_path / "old")
    manage(old, database_url, "migrate", "--noinput")
    manage(old, database_url, "seed_demo")
    password = {"STAFF_PASSWORD": "a long and unusual passphrase"}
    manage(
        old,
        database_url,
        "create_staff_user",
        "ana",
        "--role",
        "editor",
        "--password-from-env",
        "STAFF_PASSWORD",
        **password,
    )
    manage(
        old,
        database_url,
        "create_staff_user",
        "tere",
        "--role",
        "translator",
        "--password-from-env",
        "STAFF_PASSWORD",
        **password,
    )
    manage(old, database_url, "shell", "-c", ADD_STAFF)
    before = dump(old, database_url)

    manage(ROOT, database_url, "migrate", "--noinput")
    # The search index is new and derived from the content: migrate builds it, and it is not part of what must
    # survive unchanged.
    dumped = dump(ROOT, database_url)
    assert {row["model"] for row in dumped} >= SEARCH_INDEX
    after = [row for row in dumped if row["model"] not in SEARCH_INDEX]

    for row in before:
        if row["model"] == "auth.group":
            row["fields"]["permissions"] = [moved_permission(p) for p in row["fields"]["permissions"]]
        if row["model"] == "auth.user":
            row["fields"]["user_permissions"] = [moved_permission(p) for p in row["fields"]["user_permissions"]]
    # The other thing meant to change: FAQ entries, resources and fact checks gain a slug each (issue 9).
    slugs = {}
    for row in after:
        if row["model"] in SLUGGED:
            slugs.setdefault(row["model"], []).append(row["fields"].pop("slug"))
    for model in SLUGGED:
        assert all(slugs[model]) and len(set(slugs[model])) == len(slugs[model]), slugs[model]
    # Made from the English text, as a new item's would be.
    assert "if-i-call-911-will-they-ask-about-my-immigration-status" in slugs["outreach.faqentry"]
    assert "crime-victim-support-center-example" in slugs["outreach.resource"]
    assert "police-are-checking-papers-at-grocery-stores" in slugs["outreach.factcheck"]
    # And the site's address moves from the site settings to the SITE_URL setting (issue 10).
    for row in before:
        if row["model"] == "outreach.sitesettings":
            row["fields"].pop("official_domain")
    # Fields added since (issues 11 to 13) start empty: the dates of each language's text, a meeting's replacement,
    # the series it was repeated from, what the documents' accessibility check found (`check_documents` fills it),
    # a meeting's notes and an FAQ answer's step-by-step guide.
    for row in after:
        added = [("text_changed_at", {}), ("replaced_by", None), ("series", None), ("document_problems", {})]
        # Issue 13: a meeting's "what we heard" notes, unwritten and unpublished.
        added += [("heard_notes", ""), ("heard_notes_en", ""), ("heard_notes_es", "")]
        added += [("heard_notes_published_at", None), ("related_guide", None)]
        for name, empty in added:
            if name in row["fields"]:
                assert row["fields"].pop(name) == empty, (row["model"], name)
        # The roles gain the permissions of the content apps added since (the guides, issue 13), and only those.
        if row["model"] == "auth.group":
            row["fields"]["permissions"] = [p for p in row["fields"]["permissions"] if p[1] not in NEW_APPS]
    # Issue 13: who stands behind a policy and its change notes start empty too (editors fill them in).
    policy_fields = [("issued_by", ""), ("source_url", ""), ("is_major", False)]
    policy_fields += [("major_change_at", None), ("home_note_until", None)]
    for name in ["source_title", "scope", "note"]:
        # Every language's column too: the database fills existing rows with the field's db_default ("").
        policy_fields += [(name, ""), *((f"{name}_{code}", "") for code, _name in settings.LANGUAGES)]
    for row in after:
        if row["model"] in {"policies.policy", "policies.historicalpolicy"}:
            for name, empty in policy_fields:
                assert row["fields"].pop(name) == empty, (row["model"], name)
    old_rows, new_rows = by_identity(before), by_identity(after)
    kinds = {row["model"] for row in before}
    assert {"outreach.faqentry", "events.event", "events.historicalevent", "policies.historicalpolicy"} <= kinds
    assert {"auth.group", "auth.user", "outreach.sitesettings"} <= kinds
    assert old_rows.keys() == new_rows.keys()
    changed = [key for key in old_rows if old_rows[key] != new_rows[key]]
    assert not changed, f"rows changed by migrating: {changed[:5]}"

    roles = manage(
        ROOT,
        database_url,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model as u;"
        "print([u().objects.get(username=n).has_perm('editorial.edit_source_content')"
        " for n in ('ana', 'tere', 'direct')])",
    )
    assert roles.strip().endswith("[True, False, True]")
