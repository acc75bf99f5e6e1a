from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpResponseBadRequest, HttpResponseForbidden, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from . import helpful
from .i18n import active_language

HELPFUL_ANSWERS = ("yes", "no")


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


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class HelpfulVoteView(View):
    """
    "Was this page helpful?" sent from a page's form (templates/includes/helpful.html): counts one "yes" or "no"
    for the page in the language of this address, then sends the reader to the thank-you page. No CSRF token
    (it would put a cookie on every reading page): editorial.helpful says what protects it instead.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not helpful.from_this_site(request):
            return HttpResponseForbidden("This form can only be sent from a page of this site.")
        answer = request.POST.get("answer")
        if answer not in HELPFUL_ANSWERS:
            return HttpResponseBadRequest("Answer yes or no.")
        item = helpful.find_published(request.POST.get("item"))
        if item is None:
            raise Http404("No such page")
        if not helpful.over_vote_limit(request):
            helpful.count_vote(item, active_language(), answer == "yes")
        query = urlencode({"item": helpful.item_key(item), "answer": answer})
        return HttpResponseRedirect(f"{reverse('editorial:helpful-thanks')}?{query}", status=303)


class HelpfulThanksView(TemplateView):
    """The thank-you page after a vote, in the reader's language, with the way back to the page."""

    template_name = "editorial/helpful_thanks.html"

    def get_context_data(self, **kwargs):
        item = helpful.find_published(self.request.GET.get("item"))
        if item is None:
            raise Http404("No such page")
        answer = self.request.GET.get("answer")
        context = super().get_context_data(**kwargs)
        return {**context, "item": item, "answer": answer if answer in HELPFUL_ANSWERS else ""}
