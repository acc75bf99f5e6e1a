from django.core.management.base import BaseCommand

from editorial.documents import document_fields, has_checked_documents, pdf_problems, problems_fields
from editorial.pagecache import content_changed
from editorial.roles import content_models


class Command(BaseCommand):
    help = (
        "Check every stored document (policy PDFs) for what assistive technology needs (tags, language, title) "
        "and store the result, as an upload does: for files uploaded before the check existed, or after a "
        "change to the check."
    )

    def handle(self, *args, **options):
        self.checked = self.to_fix = 0
        changed = 0
        for model in [model for model in content_models() if has_checked_documents(model)]:
            for obj in model.objects.order_by("pk").iterator(chunk_size=100):
                updates = {}
                for field in problems_fields(model):
                    stored = getattr(obj, field.attname) or {}
                    found = self.check_item(obj, field, stored)
                    if found != stored:
                        updates[field.name] = found
                if updates:
                    # Not a new version of the item: no history record, no new "last changed", no edit conflict.
                    model.objects.filter(pk=obj.pk).update(**updates)
                    changed += 1
        if changed:
            content_changed()  # update() sends no signal: the pages' "accessible version" notes follow the results
        self.stdout.write(f"{self.checked} documents checked, {self.to_fix} to fix; {changed} items updated.")

    def check_item(self, obj, field, stored):
        """{language code: problem codes} of `obj`'s documents in `field`, read again from storage."""
        found = {}
        translated = field.document_field not in document_fields(type(obj), field.document_field).values()
        for code, name in document_fields(type(obj), field.document_field).items():
            file = getattr(obj, name)
            if not file:
                continue
            label = f"{obj._meta.label} {obj.pk} “{obj}” ({code})"
            try:
                with file.open("rb") as content:
                    problems = pdf_problems(content, code if translated else None)
            except OSError as error:
                self.stderr.write(f"{label}: cannot read {file.name}: {error}")
                if stored.get(code):
                    found[code] = stored[code]  # unknown: keep what the last check found
                continue
            self.checked += 1
            if problems:
                found[code] = problems
                self.to_fix += 1
                self.stdout.write(f"{label}: {', '.join(problems)}")
        return found
