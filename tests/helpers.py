import os
from pathlib import Path

from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext


def html(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def queries_for(client, url):
    """SQL queries one GET of `url` runs once the per-process caches are warm (site settings)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def form_data(response, form_id=None):
    """The fields of the page's form as a browser would submit them, to change and POST back."""
    page = html(response)
    if form_id:
        form = page.find("form", id=form_id)
    else:  # the page's main form: the admin header also has a one-button logout form
        form = max(page.select("form[method=post]"), key=lambda candidate: len(candidate.find_all("input")))
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "select":
            chosen = field.find_all("option", selected=True) or field.find_all("option")[:1]
            values = [option.get("value", "") for option in chosen]
            data[name] = values if field.has_attr("multiple") else values[0]
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.name == "textarea":
            data[name] = field.get_text().removeprefix("\n")
        else:
            data[name] = field.get("value", "")
    return data


def all_sitemaps(client):
    """The sitemap index and every section it lists, as one text."""
    import re

    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>https://outreach.example.org(/sitemap-[^<]+)</loc>", index)
    return index + "".join(client.get(section.replace("&amp;", "&")).content.decode() for section in sections)


def copy_project(destination):
    """The project's code, templates, static files and catalogs, copied to `destination` to run commands there."""
    import shutil

    from django.apps import apps
    from django.conf import settings

    root = Path(settings.BASE_DIR)
    own_apps = {Path(config.path).name for config in apps.get_app_configs() if Path(config.path).parent == root}
    names = ["manage.py", "templates", "static", "locale", *sorted(own_apps)]
    for name in names:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, destination / name)


def image_upload(name="hall.jpg", size=(1600, 1000), image_format="JPEG", mode="RGB", exif=None):
    """An uploaded photo made on the spot, with shapes so its renditions are real pictures."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new(mode, size, (40, 90, 160) + ((255,) if mode == "RGBA" else ()))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 80):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(240, 200, 60), width=10)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **({"exif": exif} if exif else {}))
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=Image.MIME[image_format])


def redis_test_database():
    """This test process's own Redis database: TEST_REDIS_DB_BASE (15) less the xdist worker's number, so that
    workers, and test runs side by side with different bases, never flush each other's entries."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return int(os.environ.get("TEST_REDIS_DB_BASE", "15")) - worker


def admin_path(path=""):
    """The admin's address (settings.ADMIN_URL, "/admin/" by default) with `path` under it: admin_path("login/")."""
    from django.conf import settings

    return f"/{settings.ADMIN_URL}{path.lstrip('/')}"


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now, for a server a test starts."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_action(client, changelist, action, objects, **extra):
    """Select `objects` on an admin changelist and run `action` on them (`extra`: the action's own form)."""
    return client.post(
        changelist, {"action": action, "_selected_action": [obj.pk for obj in objects], **extra}, follow=True
    )


def pdf_document(*, tagged=True, language="en-US", title="Use of force policy", show_title=True, xmp_title=None):
    """A one-page PDF made with pikepdf, with or without what assistive technology needs (tags, language, title)."""
    import io

    import pikepdf

    document = pikepdf.new()
    document.add_blank_page()
    if tagged:
        paragraph = pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P)
        tree = pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=document.make_indirect(paragraph))
        document.Root.StructTreeRoot = document.make_indirect(tree)
        document.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    if language:
        document.Root.Lang = pikepdf.String(language)
    if title:
        document.docinfo["/Title"] = title
    if xmp_title:
        with document.open_metadata(update_docinfo=False) as metadata:
            metadata["dc:title"] = xmp_title
    if show_title:
        document.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def postgresql_server():
    """The suite's PostgreSQL server as psycopg's connection options (host, port, user, password if any), or None
    when the suite runs on SQLite."""
    from django.conf import settings

    options = settings.DATABASES["default"]
    if "postgresql" not in options["ENGINE"]:
        return None
    server = {"host": options["HOST"] or "127.0.0.1", "port": options["PORT"] or 5432, "user": options["USER"]}
    if options["PASSWORD"]:
        server["password"] = options["PASSWORD"]
    return server


def postgresql_url(server, database, host=None, port=None):
    """A DATABASE_URL for `database` as `server`'s user, on `server` or on `host`:`port` (a pooler in front of it)."""
    credentials = server["user"] + (f":{server['password']}" if "password" in server else "")
    return f"postgres://{credentials}@{host or server['host']}:{port or server['port']}/{database}"
