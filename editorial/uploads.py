"""
Files staff upload: meeting pictures and policy documents.

What is stored is never what was sent as-is. A picture must decode as JPEG, PNG or WebP within the size and pixel
limits, and is stored re-encoded, so nothing from the camera (EXIF, GPS position, comments) survives. A document
must parse as a PDF and carry nothing that runs or hides a file (JavaScript, an open or page action, a launch
action, embedded files); what it lacks for assistive technology (tags, language, title) does not refuse it, but
is stored with the item as the file is (`editorial.documents`). Either is stored under a generated name: an
uploader's file name can say more than they meant, and a guessable one invites scraping.

Files are written while the form is checked (`store_new_files`), so a full disk is a message beside the field, not
a server error, and every file a request wrote is tracked (`UploadedFiles`): if the save then fails, or the form is
shown again, the files go too, and no orphan is left in the media folder.
"""

import contextlib
import contextvars
import errno
import io
import uuid
import warnings

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from .documents import record_check

PICTURE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}

# Names that make a PDF do something when opened or read, or carry other files inside it.
# XFA forms carry their own scripting.
ACTIVE_PDF_KEYS = {"/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/XFA"}
ACTIVE_PDF_VALUES = {"/JavaScript", "/Launch", "/FileAttachment", "/EmbeddedFile", "/ImportData", "/SubmitForm"}


def generated_name(extension):
    return f"{uuid.uuid4().hex}{extension}"


def check_size(upload, limit):
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the largest allowed is %(limit)s."),
            code="too-large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def open_picture(upload):
    """The picture in `upload`, fully decoded, or a ValidationError saying why it cannot be used."""
    refused = ValidationError(
        _("Upload a photo or picture as JPEG, PNG or WebP. Other kinds of file (SVG, GIF, PDF…) are not accepted."),
        code="not-a-picture",
    )
    check_size(upload, settings.MAX_IMAGE_BYTES)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it; here any bomb is refused.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(upload)
            if picture.format not in PICTURE_FORMATS:
                raise refused
            width, height = picture.size
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("This picture is %(width)s × %(height)s pixels; the most allowed is %(limit)s megapixels."),
                    code="too-many-pixels",
                    params={"width": width, "height": height, "limit": settings.MAX_IMAGE_PIXELS // 1_000_000},
                )
            picture.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("This picture is too large to open safely. Upload a smaller one."), code="too-many-pixels"
        ) from error
    except Exception as error:  # Pillow raises many kinds of error for a damaged or disguised file.
        raise refused from error
    finally:
        upload.seek(0)
    return picture


def validate_picture(upload):
    if getattr(upload, "_committed", False):
        return  # already stored (and checked when it was uploaded)
    open_picture(upload)


def clean_picture(upload):
    """The picture re-encoded without its metadata (EXIF, GPS, comments), under a generated name."""
    picture = open_picture(upload)
    kind = picture.format
    picture = ImageOps.exif_transpose(picture)  # keep the orientation the EXIF data gave, then drop the data
    if kind == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    output = io.BytesIO()
    options = {"quality": 90} if kind in ("JPEG", "WEBP") else {}
    picture.save(output, format=kind, **options)
    return generated_name(PICTURE_FORMATS[kind]), ContentFile(output.getvalue())


def validate_pdf(upload):
    if getattr(upload, "_committed", False):
        return
    check_size(upload, settings.MAX_PDF_BYTES)
    upload.seek(0)
    try:
        with pikepdf.open(io.BytesIO(upload.read())) as document:
            if document.attachments or active_content(document):
                raise ValidationError(
                    _(
                        "This PDF contains scripts, actions or attached files, which the site does not publish. "
                        "Save it again as a plain PDF (for example with “Print to PDF”) and upload that."
                    ),
                    code="active-pdf",
                )
    except ValidationError:
        raise
    except Exception as error:  # pikepdf refuses anything that is not a readable PDF (HTML named .pdf, say)
        message = _("This file is not a PDF document. Upload the policy as a PDF.")
        raise ValidationError(message, code="not-a-pdf") from error
    finally:
        upload.seek(0)


def active_content(document):
    """Whether anything in `document` runs something or carries a file (scripts, actions, attachments)."""
    seen = set()
    pending = [document.trailer, *document.objects]
    while pending:
        obj = pending.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Array):
            pending.extend(item for item in obj if isinstance(item, pikepdf.Dictionary | pikepdf.Array))
            continue
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        keys = set(obj.keys())
        if keys & ACTIVE_PDF_KEYS:
            return True
        for key in ("/S", "/Subtype", "/Type"):
            if key in keys and str(obj[key]) in ACTIVE_PDF_VALUES:
                return True
        pending.extend(
            value for value in obj.values() if isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)
        )
    return False


class CleanedFileMixin:
    """Stores the cleaned content under a generated name; a write that fails leaves no partial file behind."""

    def cleaned(self, content):
        raise NotImplementedError

    def save(self, name, content, save=True):
        name, content = self.cleaned(content)
        # Generated names are unique, so the name the storage will write is known before it writes.
        attempted = self.field.generate_filename(self.instance, name)
        try:
            super().save(name, content, save)
        except OSError:
            # FileSystemStorage leaves what it managed to write when the disk fills up mid-file.
            if self.storage.exists(attempted):
                self.storage.delete(attempted)
            self.name = None
            raise


class PictureFieldFile(CleanedFileMixin, ImageFieldFile):
    def cleaned(self, content):
        return clean_picture(content)


class DocumentFieldFile(CleanedFileMixin, FieldFile):
    def cleaned(self, content):
        # Whether it can be read with assistive technology is stored with the item, now, for every new file.
        record_check(self.instance, self.field, content)
        content.seek(0)
        return generated_name(".pdf"), content


class PictureField(models.ImageField):
    """A picture staff upload: JPEG, PNG or WebP, checked by decoding it, stored re-encoded without metadata."""

    attr_class = PictureFieldFile
    default_validators = [validate_picture]

    def deconstruct(self):
        # Migrations are history and import no project code: to them this is a plain ImageField.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs

    def formfield(self, **kwargs):
        # Django's ImageField form field opens the file with Pillow's own limits and a vaguer message; the model's
        # validator decides here, with the reason.
        field = super(models.ImageField, self).formfield(**kwargs)
        field.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")
        return field


class PdfDocumentField(models.FileField):
    """A document staff upload: a real PDF within the size limit, with nothing that runs or hides a file."""

    attr_class = DocumentFieldFile
    default_validators = [validate_pdf]

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.widget.attrs.setdefault("accept", "application/pdf,.pdf")
        return field


# --- Writing files while the form is checked, and taking them back when the save does not happen -------------

_written = contextvars.ContextVar("uploads_written", default=None)


class UploadedFiles:
    """The files one request wrote; those not `kept` are deleted when the request's save is over."""

    def __init__(self):
        self.written = []
        self.kept = set()

    def keep(self, instance):
        for field in instance._meta.concrete_fields:
            if isinstance(field, models.FileField):
                file = getattr(instance, field.attname)
                if file:
                    self.kept.add((file.storage, file.name))

    def discard_unkept(self):
        for storage, name in self.written:
            if (storage, name) not in self.kept:
                storage.delete(name)


@contextlib.contextmanager
def tracked_uploads():
    """
    Around one admin save (its transaction included): files written for it that the saved item does not refer to
    are deleted at the end, and all of them are when the save fails, since its transaction rolled back.
    """
    files = UploadedFiles()
    token = _written.set(files)
    try:
        yield files
    except BaseException:
        files.kept.clear()
        raise
    finally:
        _written.reset(token)
        files.discard_unkept()


def keep_uploads_of(instance):
    """Called once `instance` is saved: the files it refers to stay."""
    files = _written.get()
    if files is not None:
        files.keep(instance)


def store_new_files(form):
    """
    Write the form's new uploads to storage now, while the form can still say what went wrong: a full disk is a
    message beside the field, and nothing half-written is left behind.
    """
    instance = form.instance
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.FileField) or field.name not in form.cleaned_data:
            continue
        file = getattr(instance, field.attname)
        if not file or file._committed:
            continue
        upload = file.file
        try:
            file.save(file.name, upload, save=False)
        except OSError as error:
            if error.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            setattr(instance, field.attname, upload)  # the form is shown again; the instance keeps no name
            form.add_error(
                field.name,
                _("The server has no room to store this file. Nothing was saved: tell the site's administrator."),
            )
            continue
        files = _written.get()
        if files is not None:
            files.written.append((file.storage, file.name))
