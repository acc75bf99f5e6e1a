from django.utils.cache import patch_cache_control


class DraftPreviewMixin:
    """
    Public views show only `published()` items. Staff who may change the item also see drafts and scheduled
    items at their real address, with a "Draft preview" banner, so they can check a page before it goes out.
    A preview is `Cache-Control: private, no-cache`: no shared cache keeps it, and the page cache never stores it.
    """

    def can_preview(self):
        user = self.request.user
        opts = self.model._meta
        return user.is_authenticated and user.is_staff and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.can_preview() else queryset.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published
        return context

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        item = getattr(self, "object", None)
        if item is not None and not item.is_published:
            # Only the staff member asking may see it, and never from a cache: the next look shows the next edit.
            patch_cache_control(response, private=True, no_cache=True)
        return response
