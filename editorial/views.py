from django.http import FileResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.views import View


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


class ShareImageView(View):
    """
    A page's link-preview picture (editorial.shareimage). Subclasses give `get_card()`, starting from the public
    items only (`published()`), so a draft never has a picture at any address. The address carries the hash of
    what is drawn: a stale address (the text changed since) redirects to the current one, and the current one may
    be kept by any cache for a year, since a change gives a new address.
    """

    def get_card(self):
        raise NotImplementedError

    def get_card_url(self, card):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        card = self.get_card()
        if kwargs.get("digest") != card.digest:
            return HttpResponseRedirect(self.get_card_url(card))
        response = FileResponse(card.file().open("rb"), content_type="image/png")
        patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
        return response
