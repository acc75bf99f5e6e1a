"""
Rolling deploys: may the previous release's code keep serving on the schema the new migrations leave behind?

During a rolling deploy the new release migrates the database once while the previous release's app servers are
still serving (README, "Rolling deploys"). So a migration must only expand the schema: add tables, add columns the
old code can ignore. The check compares each migration the new release adds with the previous release's final
migration state (its models as its own migrations describe them) and reports every operation that would break the
old code: a table or column it still reads dropped or renamed, a column it writes made NOT NULL or shorter, a
NOT NULL column added to a table it inserts into (Django's `default=` is only used to fill the existing rows and is
not kept in the database, so the old code's INSERT fails; `db_default=` or `null=True` is what keeps it working).

The contract step of expand/contract, one release after the code stopped using a column, is declared in the
migration's module: `ROLLING_DEPLOY_SAFE = "why"` (for example "Policy.old_title unused since release 12").
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import migrations
from django.db.models import NOT_PROVIDED

SAFE_MARKER = "ROLLING_DEPLOY_SAFE"
RELEASE_FILE = Path("deploy") / "previous-release"

# Run by the previous release's own code (its settings, apps and migrations), in a process of its own.
PREVIOUS_STATE_SCRIPT = """
import json

import django

django.setup()
from django.db.migrations.loader import MigrationLoader

loader = MigrationLoader(None, ignore_no_migrations=True)
models = {}
for model in loader.project_state().apps.get_models(include_auto_created=True):
    fields = {
        field.name: {"column": field.column, "null": field.null, "max_length": field.max_length}
        for field in model._meta.local_fields
    }
    for field in model._meta.local_many_to_many:
        fields[field.name] = {"column": None, "null": True, "max_length": None, "table": field.m2m_db_table()}
    models[f"{model._meta.app_label}.{model._meta.model_name}"] = {"table": model._meta.db_table, "fields": fields}
print(json.dumps({"models": models, "migrations": sorted(map(list, loader.disk_migrations))}))
"""


@dataclass(frozen=True)
class PreviousRelease:
    """What the previous release's code uses: its models by `app_label.model_name`, and its migrations."""

    models: dict
    migrations: frozenset = frozenset()

    def model(self, app_label, model_name):
        return self.models.get(f"{app_label}.{model_name.lower()}")

    def field(self, app_label, model_name, name):
        model = self.model(app_label, model_name)
        return model["fields"].get(name) if model else None

    def table(self, name):
        return next((model for model in self.models.values() if model["table"] == name.lower()), None)

    def column(self, table, column):
        model = self.table(table)
        if model is None:
            return None
        return next((field for field in model["fields"].values() if field["column"] == column.lower()), None)


@dataclass(frozen=True)
class Problem:
    migration: str
    operation: str
    reason: str

    def __str__(self):
        return f"{self.migration}: {self.operation}: {self.reason}"


def previous_release(revision, root):
    """The previous release's model state, computed by its own code taken from git at `revision`."""
    archive = subprocess.run(["git", "archive", revision], cwd=root, capture_output=True)
    if archive.returncode:
        raise RuntimeError(
            f"git archive {revision} failed (the check needs the project's git history): "
            f"{archive.stderr.decode(errors='replace').strip()}"
        )
    with tempfile.TemporaryDirectory(prefix="previous-release-") as folder:
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        environment = {
            **{name: value for name, value in os.environ.items() if name not in {"REDIS_URL", "PYTHONPATH"}},
            "DJANGO_SETTINGS_MODULE": "outreach.settings",
            "DEBUG": "true",
            # Never the real database: the state comes from the migration files alone.
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'unused.sqlite3'}",
            "PYTHONPATH": folder,
        }
        result = subprocess.run(
            [sys.executable, "-c", PREVIOUS_STATE_SCRIPT], cwd=folder, env=environment, capture_output=True, text=True
        )
    if result.returncode:
        raise RuntimeError(f"The release at {revision} could not load its migrations:\n{result.stderr[-3000:]}")
    state = json.loads(result.stdout.strip().splitlines()[-1])
    return PreviousRelease(state["models"], frozenset(tuple(key) for key in state["migrations"]))


def release_revision(root):
    """The commit written in deploy/previous-release: its first line that is neither empty nor a comment."""
    path = Path(root) / RELEASE_FILE
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            return line
    raise RuntimeError(f"{RELEASE_FILE} names no commit")


def safe_reason(migration):
    module = sys.modules.get(type(migration).__module__)
    reason = getattr(module, SAFE_MARKER, None)
    return reason.strip() if isinstance(reason, str) and reason.strip() else None


def check(added, previous):
    """The problems in `added` migrations, and the migrations whose problems their module declares safe."""
    problems, marked = [], []
    for migration in added:
        found = problems_in(migration, previous)
        reason = safe_reason(migration)
        if found and reason:
            marked.append((f"{migration.app_label}.{migration.name}", reason))
        else:
            problems += found
    return problems, marked


def problems_in(migration, previous):
    """What in `migration` would break the previous release's code, running on the migrated schema."""
    name = f"{migration.app_label}.{migration.name}"
    problems = []
    for operation in database_operations(migration.operations):
        problems += [Problem(name, operation.describe(), reason) for reason in reasons(migration, operation, previous)]
    return problems


def database_operations(operations):
    for operation in operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            yield from database_operations(operation.database_operations)
        else:
            yield operation


def reasons(migration, operation, previous):
    app = migration.app_label
    if isinstance(operation, migrations.RemoveField):
        field = previous.field(app, operation.model_name, operation.name)
        if field:
            yield f"drops {where(app, operation.model_name, operation.name, field)}, which the previous release uses"
    elif isinstance(operation, migrations.RenameField):
        field = previous.field(app, operation.model_name, operation.old_name)
        if field:
            yield (
                f"renames {where(app, operation.model_name, operation.old_name, field)} to "
                f"{operation.new_name!r}, which the previous release uses under its old name"
            )
    elif isinstance(operation, migrations.DeleteModel):
        model = previous.model(app, operation.name)
        if model:
            yield f"drops the table {model['table']!r} of {app}.{operation.name}, which the previous release uses"
    elif isinstance(operation, migrations.RenameModel):
        model = previous.model(app, operation.old_name)
        if model:
            yield (
                f"renames {app}.{operation.old_name} (table {model['table']!r}) to {operation.new_name}, "
                "which the previous release uses under its old name"
            )
    elif isinstance(operation, migrations.AlterModelTable):
        model = previous.model(app, operation.name)
        if model and (operation.table or "").lower() != model["table"]:
            yield (
                f"renames the table {model['table']!r} of {app}.{operation.name} to {operation.table!r}, "
                "which the previous release uses under its old name"
            )
    elif isinstance(operation, migrations.AlterField):
        yield from altered(app, operation, previous)
    elif isinstance(operation, migrations.AddField):
        yield from added(app, operation, previous)
    elif isinstance(operation, migrations.RunSQL):
        yield from raw_sql(operation, previous)


def where(app, model_name, name, field):
    stored = f"column {field['column']!r}" if field["column"] else f"table {field.get('table')!r}"
    return f"{app}.{model_name}.{name} ({stored})"


def column_of(name, field):
    field = field.clone()
    field.set_attributes_from_name(name)
    return field.column


def altered(app, operation, previous):
    before = previous.field(app, operation.model_name, operation.name)
    if not before or before["column"] is None:
        return
    field = operation.field
    place = where(app, operation.model_name, operation.name, before)
    if column_of(operation.name, field) != before["column"]:
        yield f"renames {place} to {column_of(operation.name, field)!r}, which the previous release uses"
    if before["null"] and not field.null:
        yield (
            f"makes {place} NOT NULL, and the previous release may write NULL into it: make it NOT NULL one release "
            "after the code stopped writing NULL"
        )
    if before["max_length"] and field.max_length and field.max_length < before["max_length"]:
        yield (
            f"shortens {place} from {before['max_length']} to {field.max_length} characters, and the previous "
            "release may write longer values"
        )


def added(app, operation, previous):
    field = operation.field
    if previous.model(app, operation.model_name) is None or field.many_to_many or field.null:
        return
    if field.db_default is NOT_PROVIDED:
        column = column_of(operation.name, field)
        yield (
            f"adds the NOT NULL column {column!r} ({app}.{operation.model_name}.{operation.name}) without "
            "db_default, so the previous release's INSERTs into it fail (`default=` is not kept in the database): "
            "add it with null=True or db_default=..., and make it NOT NULL in a later release"
        )


DROP_TABLE = re.compile(r"\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?[\"`\[]?(\w+)", re.IGNORECASE)
ALTER_TABLE = re.compile(r"\bALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?[\"`\[]?(\w+)[\"`\]]?(.*)", re.I | re.S)
DROP_COLUMN = re.compile(r"\bDROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?[\"`\[]?(\w+)", re.IGNORECASE)
RENAME = re.compile(r"\bRENAME\b", re.IGNORECASE)


def statements(sql):
    if isinstance(sql, str):
        sql = [sql]
    for item in sql:
        text = item[0] if isinstance(item, list | tuple) else item
        yield from (part.strip() for part in str(text).split(";") if part.strip())


def raw_sql(operation, previous):
    for statement in statements(operation.sql):
        dropped = DROP_TABLE.search(statement)
        altered_table = ALTER_TABLE.search(statement)
        if dropped:
            if previous.table(dropped.group(1)):
                yield f"drops the table {dropped.group(1)!r}, which the previous release uses: {statement!r}"
        elif altered_table:
            table, rest = altered_table.groups()
            if not previous.table(table):
                continue
            if RENAME.search(rest):
                yield f"renames in the table {table!r}, which the previous release uses: {statement!r}"
            elif (column := DROP_COLUMN.search(rest)) and previous.column(table, column.group(1)):
                yield f"drops the column {column.group(1)!r} of {table!r}, which the previous release uses"
        elif re.search(r"\b(DROP|RENAME)\b", statement, re.IGNORECASE) and not re.match(
            r"\s*(DROP|CREATE)\s+(INDEX|TRIGGER|VIEW|FUNCTION)\b", statement, re.IGNORECASE
        ):
            yield f"drops or renames something the check cannot name (read it, then mark it): {statement!r}"


def new_migrations(loader, previous):
    """The current project's migrations that the previous release did not have."""
    return [loader.disk_migrations[key] for key in sorted(loader.disk_migrations) if key not in previous.migrations]
