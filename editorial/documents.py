"""
Whether an uploaded PDF can be read with assistive technology, as far as a machine can tell from its structure.

The ADA's Title II rule asks a city for WCAG 2.1 AA in the documents it posts. What a program can see of that (the
rest needs a person: reading order, alternative text, contrast) is what PDF/UA asks of the catalog: the document is
tagged, says its language, has a title, and shows that title instead of the file name. A PDF that falls short is
still accepted (the signed policy matters more than its format): the problems are stored with the item, at the
moment the file is stored, so the admin can warn and list it under "Documents to fix", and the public page can
offer an accessible version on request, without opening any PDF to show a page.

A model joins by declaring a `DocumentProblemsField(document_field="document")` next to its `PdfDocumentField`:
it holds {language code: [problem codes]} for the languages whose file has problems, and nothing else, so "has
something to fix" is one comparison the database can make. `manage.py check_documents` checks stored files again.
"""

import io
import warnings

import pikepdf
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .i18n import language_codes, language_name, localized_field, source_language


class Problem(models.TextChoices):
    UNREADABLE = "unreadable", _("It could not be opened as a PDF, so nothing else could be checked.")
    UNTAGGED = (
        "untagged",
        _("It is not tagged: screen readers cannot tell its headings, lists and tables from the rest of the text."),
    )
    NO_LANGUAGE = (
        "no-language",
        _("It does not say which language it is written in, so screen readers may read it with the wrong voice."),
    )
    WRONG_LANGUAGE = "wrong-language", _("The language it says it is written in is not the one it was uploaded as.")
    NO_TITLE = "no-title", _("It has no title in its document properties: readers only see the file name.")
    TITLE_HIDDEN = (
        "title-hidden",
        _("Its title is not shown when it is opened (the “Display document title” setting is off)."),
    )


# Worth fixing, but the document stays readable with assistive technology: no "accessible version" note for it.
ADVICE = {Problem.TITLE_HIDDEN}

HOW_TO_FIX = _(
    "To fix it, export the PDF again from the original with accessibility tags turned on (in Word: Save as PDF, "
    "Options, “Document structure tags for accessibility”) after setting the document's language and title, or "
    "fix it in a PDF editor (in Acrobat: Accessibility, Autotag document; File, Properties: title, language and "
    "“Show document title”). Then upload the new file here."
)


def pdf_problems(content, language=None):
    """
    The problem codes of the PDF in `content` (a file), in a stable order; `language` is the language it was
    uploaded as, when the field is translated.
    """
    content.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pikepdf warns about the damage it repairs; unreadable is the verdict
            with pikepdf.open(io.BytesIO(content.read())) as document:
                return catalog_problems(document, language)
    except Exception:  # anything pikepdf cannot open is not a document anyone's reader can rely on
        return [Problem.UNREADABLE.value]
    finally:
        content.seek(0)


def catalog_problems(document, language=None):
    root = document.Root
    problems = []
    mark_info = root.get("/MarkInfo")
    marked = isinstance(mark_info, pikepdf.Dictionary) and bool(mark_info.get("/Marked", False))
    if not (marked and "/StructTreeRoot" in root):
        problems.append(Problem.UNTAGGED)
    declared = str(root.get("/Lang", "")).strip()
    if not declared:
        problems.append(Problem.NO_LANGUAGE)
    elif language and declared.split("-")[0].lower() != language.split("-")[0].lower():
        problems.append(Problem.WRONG_LANGUAGE)
    if not document_title(document):
        problems.append(Problem.NO_TITLE)
    else:
        preferences = root.get("/ViewerPreferences")
        if not (isinstance(preferences, pikepdf.Dictionary) and bool(preferences.get("/DisplayDocTitle", False))):
            problems.append(Problem.TITLE_HIDDEN)
    return [problem.value for problem in problems]


def document_title(document):
    title = str(document.docinfo.get("/Title", "")).strip() if "/Title" in document.docinfo else ""
    if title:
        return title
    try:
        with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
            return str(metadata.get("dc:title") or "").strip()
    except Exception:  # damaged XMP is no title
        return ""


def problem_labels(codes):
    return [Problem(code).label for code in codes if code in Problem.values]


def needs_accessible_version(codes):
    """Whether a reader may need another version: any problem but advice."""
    return any(code in Problem.values and Problem(code) not in ADVICE for code in codes or [])


# --- Storing the result with the item ------------------------------------------------------------------------------


class DocumentProblemsField(models.JSONField):
    """
    {language code: [problem codes]} of the document field named `document_field`, for the languages whose file has
    problems (a field that is not translated is filed under the source language). Set when a file is stored
    (`record_check`); a language whose file is removed is dropped on save.
    """

    def __init__(self, *args, document_field="document", **kwargs):
        self.document_field = document_field
        kwargs.setdefault("verbose_name", _("problems found in the documents"))
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # Migrations are history and import no project code: to them this is a plain JSONField.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs

    def pre_save(self, model_instance, add):
        files = {
            code: getattr(model_instance, name, None)
            for code, name in document_fields(type(model_instance), self.document_field).items()
        }
        for file in files.values():
            if file and not getattr(file, "_committed", True):
                # Stored now rather than later in this save (which `record_check`s it), so that its check is part
                # of the row being written whatever the order of the fields.
                file.save(file.name, file.file, save=False)
        problems = {
            code: found for code, found in (getattr(model_instance, self.attname) or {}).items() if files.get(code)
        }
        setattr(model_instance, self.attname, problems)
        return problems


def document_fields(model, document_field):
    """{language code: field name} of a document field: one per language if it is translated."""
    names = {field.name for field in model._meta.concrete_fields}
    localized = {code: localized_field(document_field, code) for code in language_codes()}
    if all(name in names for name in localized.values()):
        return localized
    return {source_language(): document_field}


def problems_fields(model):
    """The model's `DocumentProblemsField`s: the document fields whose files are checked."""
    return [field for field in model._meta.concrete_fields if isinstance(field, DocumentProblemsField)]


def has_checked_documents(model):
    return bool(problems_fields(model))


def record_check(instance, file_field, content):
    """Check `content`, about to be stored in `file_field` of `instance`, and keep the result with the instance."""
    translated = getattr(file_field, "translated_field", None)
    base, code = (translated.name, file_field.language) if translated else (file_field.name, None)
    for field in problems_fields(type(instance)):
        if field.document_field != base:
            continue
        problems = dict(getattr(instance, field.attname) or {})
        found = pdf_problems(content, code)
        if found:
            problems[code or source_language()] = found
        else:
            problems.pop(code or source_language(), None)
        setattr(instance, field.attname, problems)


def with_document_problems(queryset):
    """The items of `queryset` with at least one document to fix."""
    condition = models.Q()
    for field in problems_fields(queryset.model):
        condition |= ~models.Q(**{field.name: {}})
    return queryset.filter(condition) if condition else queryset.none()


def documents_to_fix(instance):
    """[{"field", "code", "language", "problems", "needs_accessible_version"}] of `instance`, in language order."""
    found = []
    for field in problems_fields(type(instance)):
        problems = getattr(instance, field.attname) or {}
        for code, name in document_fields(type(instance), field.document_field).items():
            if problems.get(code):
                found.append(
                    {
                        "field": name,
                        "code": code,
                        "language": language_name(code, local=False),
                        "problems": problem_labels(problems[code]),
                        "needs_accessible_version": needs_accessible_version(problems[code]),
                    }
                )
    return found


# --- What the admin says ----------------------------------------------------------------------------------------


def problems_html(labels):
    return format_html(
        '<div class="document-problems"><p><strong>{}</strong></p><ul>{}</ul><p>{}</p></div>',
        _("This PDF is not fully accessible yet:"),
        format_html_join("", "<li>{}</li>", ((label,) for label in labels)),
        HOW_TO_FIX,
    )


def warn_beside_fields(form):
    """Add each stored document's problems to the help text of its field in `form` (the admin's change form)."""
    instance = form.instance
    if not instance.pk:
        return
    for document in documents_to_fix(instance):
        field = form.fields.get(document["field"])
        if field is None:
            continue
        help_text = format_html("{}", field.help_text) if field.help_text else ""
        field.help_text = format_html("{}{}", help_text, problems_html(document["problems"]))


def saved_document_messages(instance, changed_fields):
    """What to tell the person who just stored a document with problems, one message per document."""
    messages = []
    for document in documents_to_fix(instance):
        if document["field"] not in changed_fields:
            continue
        messages.append(
            _(
                "The %(language)s document was saved, but it is not fully accessible: %(problems)s It is listed "
                "under “Documents to fix” until a fixed file is uploaded."
            )
            % {"language": document["language"], "problems": " ".join(str(label) for label in document["problems"])}
        )
    return messages
