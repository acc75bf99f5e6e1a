"""
The rolling-deploy check (editorial/rolling.py, `manage.py check_rolling_migrations`): a migration the new release adds
must leave a schema the previous release's code keeps working on, since both serve while the deploy rolls.

Most tests give the check a made-up previous release (a shop app whose Item has a title, a price and a note) and
made-up migrations; the last ones run the command on this repository's real history.
"""

import sys
import types

import pytest
from django.core.management import CommandError, call_command
from django.db import migrations, models

from editorial import rolling

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


def test_the_check_finds_what_would_have_broken_a_real_release(capsys):
    # Before policy sources (issue 13) and the meeting notes: the columns they added are NOT NULL with a Python
    # default only, so that release's code could not have saved a policy or a meeting while the new one rolled out.
    with pytest.raises(CommandError) as failure:
        call_command("check_rolling_migrations", "--since", "47c1fc6")
    message = str(failure.value)
    assert "policies.0006_policy_sources_and_change_notes: Add field issued_by to policy: adds the NOT NULL column" in (
        message
    )
    assert "events.0006_heard_notes: Add field heard_notes to event" in message
    # Its additions that were written to expand (nullable columns, new tables) are not named.
    assert "heard_notes_published_at" not in message
    assert "related_guide" not in message
    assert "guides." not in message


def test_a_revision_git_does_not_know_is_a_clear_failure():
    with pytest.raises(CommandError, match="git archive"):
        call_command("check_rolling_migrations", "--since", "no-such-release")
