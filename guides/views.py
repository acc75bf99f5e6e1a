from dataclasses import dataclass

from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.generic import DetailView, FormView, ListView

from editorial.links import absolute_url
from editorial.models import site_settings
from editorial.related import panels
from editorial.views import DraftPreviewMixin

from .charts import certification_chart, median_days_chart, quarter_label
from .forms import RequestLetterForm
from .models import CertificationFigure, Guide

GUIDES_PER_PAGE = 20
RELATED_POLICIES_SHOWN = 10
# Two years of quarters: enough to see a trend, few enough for a phone's screen.
QUARTERS_SHOWN = 8


class GuideListView(ListView):
    template_name = "guides/guide_list.html"
    paginate_by = GUIDES_PER_PAGE
    canonical_parameters = ("page",)

    def get_queryset(self):
        return Guide.objects.published()


class GuideDetailView(DraftPreviewMixin, DetailView):
    model = Guide

    def get_context_data(self, **kwargs):
        guide = self.object
        # The policies are another app's: they are listed only while published, like everything on a public page.
        policies = guide.related_policies.published()
        return super().get_context_data(
            steps=list(guide.steps.all()),
            related_policies=list(policies[:RELATED_POLICIES_SHOWN]),
            panels=panels("guides:guide-detail", guide),
            certification=certification_figures(guide) if guide.is_certification_guide else None,
            **kwargs,
        )


# --- Certification figures ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    label: str
    figure: CertificationFigure


@dataclass(frozen=True)
class CertificationFigures:
    """The last quarters' figures as the guide shows them: a table, two charts and the sentences that say it all."""

    rows: list
    received: int
    certified: int
    denied: int
    summary: str
    latest_decided: FigureRow | None
    median_summary: str
    chart: str
    median_chart: str


def certification_figures(guide):
    """The last QUARTERS_SHOWN quarters of figures (one query), oldest first; None when staff entered none yet."""
    figures = list(CertificationFigure.objects.order_by("-year", "-quarter")[:QUARTERS_SHOWN])[::-1]
    if not figures:
        return None
    rows = [FigureRow(quarter_label(figure), figure) for figure in figures]
    received = sum(figure.received for figure in figures)
    certified = sum(figure.certified for figure in figures)
    denied = sum(figure.denied for figure in figures)
    numbers = {"received": received, "certified": certified, "denied": denied, "quarters": len(figures)}
    if len(rows) == 1:
        summary = ngettext(
            "In %(quarter)s we received %(received)s request, certified %(certified)s and denied %(denied)s.",
            "In %(quarter)s we received %(received)s requests, certified %(certified)s and denied %(denied)s.",
            received,
        ) % {**numbers, "quarter": rows[0].label}
    else:
        summary = ngettext(
            "In the last %(quarters)s quarters (%(first)s to %(last)s) we received %(received)s request, "
            "certified %(certified)s and denied %(denied)s.",
            "In the last %(quarters)s quarters (%(first)s to %(last)s) we received %(received)s requests, "
            "certified %(certified)s and denied %(denied)s.",
            received,
        ) % {**numbers, "first": rows[0].label, "last": rows[-1].label}
    latest_decided = next((row for row in reversed(rows) if row.figure.median_days is not None), None)
    median_summary = ""
    if latest_decided:
        days = latest_decided.figure.median_days
        median_summary = ngettext(
            "In %(quarter)s, the latest quarter with decisions, the median time to decide was %(days)s day.",
            "In %(quarter)s, the latest quarter with decisions, the median time to decide was %(days)s days.",
            days,
        ) % {"quarter": latest_decided.label, "days": days}
        if guide.target_days:
            median_summary += " " + ngettext(
                "Our target is %(days)s day.", "Our target is %(days)s days.", guide.target_days
            ) % {"days": guide.target_days}
    chart = certification_chart(
        figures,
        title=_("Certification requests received, certified and denied, per quarter"),
        description=summary,
    )
    median_chart = ""
    if latest_decided:
        median_chart = median_days_chart(
            figures,
            title=_("Median days to decide, per quarter, with our target")
            if guide.target_days
            else _("Median days to decide, per quarter"),
            description=median_summary,
            target_days=guide.target_days,
        )
    return CertificationFigures(
        rows, received, certified, denied, summary, latest_decided, median_summary, chart, median_chart
    )


# --- The request letter -------------------------------------------------------------------------------------------


def things_to_bring(steps):
    """Each step's "what to bring", once each, in the order of the steps: [(step, thing), ...]."""
    seen, things = set(), []
    for step in steps:
        for thing in step.things_to_bring():
            if thing.casefold() not in seen:
                seen.add(thing.casefold())
                things.append((step, thing))
    return things


# What a resident types here is never kept: not in the database, a cache, a session, a message, a log or an
# e-mail. The letter is the answer to the POST itself (no redirect, so nothing goes into an address), marked
# no-store; the page cache neither looks up nor stores a POST, nor an answer marked private. Django's error
# reports hide the posted fields and the local variables the values pass through.
@method_decorator(sensitive_post_parameters(), name="dispatch")
@method_decorator(never_cache, name="dispatch")
class GuideRequestLetterView(FormView):
    """A certification guide's request letter: the form (GET) and the printable letter and checklist (POST)."""

    form_class = RequestLetterForm
    template_name = "guides/guide_request_letter_form.html"
    letter_template_name = "guides/guide_request_letter.html"

    def dispatch(self, request, *args, **kwargs):
        self.guide = get_object_or_404(Guide.objects.published().certification(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # The page sends a form, so it needs the CSRF cookie (like the ask form).
        get_token(request)
        return response

    @sensitive_variables()
    def post(self, request, *args, **kwargs):
        form = self.get_form()
        # "Change what I typed" on the letter sends the values back to the form, filled in.
        if "edit" in request.POST or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        return self.letter_response(form.letter())

    @sensitive_variables()
    def letter_response(self, letter):
        steps = list(self.guide.steps.all())
        context = self.get_context_data(
            letter=letter,
            things_to_bring=things_to_bring(steps),
            department=site_settings(),
            guide_url=absolute_url(self.guide.get_absolute_url()),
        )
        return TemplateResponse(self.request, self.letter_template_name, context)

    def get_context_data(self, **kwargs):
        return super().get_context_data(guide=self.guide, **kwargs)


@sensitive_variables()
def request_letter_csrf_failure(request):
    """
    For the site's CSRF failure view: a request letter form sent without a valid token (the browser session that
    held the cookie ended while the form was open) is shown again with what was typed and a fresh token, instead of
    an error page that loses it. None for any other request.
    """
    match = request.resolver_match
    if request.method != "POST" or not match or match.view_name != "guides:guide-request-letter":
        return None
    request.sensitive_post_parameters = "__ALL__"  # as on the view itself, which did not run
    guide = get_object_or_404(Guide.objects.published().certification(), slug=match.kwargs.get("slug"))
    context = {"guide": guide, "form": RequestLetterForm(data=request.POST), "token_expired": True}
    response = TemplateResponse(request, GuideRequestLetterView.template_name, context, status=403)
    get_token(request)
    response.render()
    add_never_cache_headers(response)
    return response
