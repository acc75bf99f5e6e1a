from whitenoise.storage import CompressedManifestStaticFilesStorage

from .outage import write_outage_page


class OutreachStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """The static files storage, which also writes the outage page when collectstatic runs (outreach/outage.py)."""

    def post_process(self, *args, **kwargs):
        yield from super().post_process(*args, **kwargs)
        # After the manifest is saved: the page links the hashed stylesheet.
        if not kwargs.get("dry_run"):
            path = write_outage_page(self.location)
            yield "outage.html", str(path), True
