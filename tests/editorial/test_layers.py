"""The layers hold: editorial below events, policies and guides, below outreach. Nothing points upward."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LAYERS = {"editorial": 0, "events": 1, "policies": 1, "guides": 1, "outreach": 2}


def test_import_linter_finds_no_import_against_the_layers():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "0 broken" in result.stdout


def test_import_linter_would_catch_an_upward_import(tmp_path):
    # The contract is only worth something if it fails: the same check on a copy with one import turned around.
    for name in LAYERS:
        subprocess.run(["cp", "-r", str(ROOT / name), str(tmp_path / name)], check=True)
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    models = tmp_path / "editorial" / "models.py"
    models.write_text("from outreach.models import SiteSettings  # noqa\n" + models.read_text())
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "editorial.models -> outreach.models" in result.stdout


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("app", sorted(LAYERS))
def test_migrations_import_only_django_and_libraries_never_project_code(app):
    # A migration is history: importing the project's code would change what an old migration does.
    for path in sorted((ROOT / app / "migrations").glob("0*.py")):
        project_imports = [name for name in imported_modules(path) if name.split(".")[0] in LAYERS]
        assert not project_imports, f"{path.relative_to(ROOT)} imports {project_imports}"


TEMPLATE_REFERENCE = re.compile(r"""{%\s*(?:include|extends)\s+["']([\w/]+)/""")
TEMPLATE_LOAD = re.compile(r"{%\s*load\s+([^%]+)%}")


@pytest.mark.parametrize("folder", ["events", "policies", "admin/editorial"])
def test_templates_of_a_lower_layer_use_nothing_of_a_higher_one(folder):
    layer = LAYERS[folder.split("/")[-1]]
    higher = {name for name, level in LAYERS.items() if level > layer}
    for path in sorted((ROOT / "templates" / folder).rglob("*.html")):
        text = path.read_text()
        used_folders = set(TEMPLATE_REFERENCE.findall(text))
        libraries = {name for match in TEMPLATE_LOAD.findall(text) for name in match.split()}
        namespaces = set(re.findall(r"{%\s*url\s+['\"](\w+):", text))
        assert not used_folders & higher, f"{path} includes templates of {used_folders & higher}"
        assert not {f"{name}_tags" for name in higher} & libraries, f"{path} loads {libraries}"
        assert not namespaces & higher, f"{path} links by URL name into {namespaces & higher}"


def test_the_meeting_card_lives_with_the_meetings():
    assert (ROOT / "templates" / "events" / "includes" / "event_card.html").exists()
    assert not (ROOT / "templates" / "includes" / "event_card.html").exists()
