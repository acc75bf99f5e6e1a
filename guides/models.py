"""
Step-by-step guides: what a resident does, in order, to get something done (ask for a U or T visa certification,
file a complaint, report a crime without giving a name), after GOV.UK's step-by-step pattern. A guide is a page;
its steps are translated with it; the certification figures are numbers staff enter each quarter.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from editorial.fields import RichTextField
from editorial.helpful import asks_if_helpful
from editorial.models import PublishablePage, PublishableQuerySet, TranslatedContent
from editorial.roles import editors_only


class GuideQuerySet(PublishableQuerySet):
    def certification(self):
        """The guides about U and T visa certification: they carry the request letter and the figures."""
        return self.filter(is_certification_guide=True)


@asks_if_helpful
class Guide(PublishablePage):
    summary = models.TextField(
        _("plain-language summary"),
        help_text=_("Who this guide is for and what it helps them do, in one or two short sentences."),
    )
    is_certification_guide = models.BooleanField(
        _("U and T visa certification guide"),
        default=False,
        help_text=_("Shows the request letter a resident can print and the certification figures."),
    )
    target_days = models.PositiveIntegerField(
        _("our target time, in days"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(365)],
        help_text=_("How many days the department aims to take to decide. Shown to residents; leave empty if none."),
    )
    related_policies = models.ManyToManyField(
        "policies.Policy",
        blank=True,
        related_name="guides",
        verbose_name=_("related policies"),
        help_text=_("The policy pages link to this guide, and the guide to them."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = GuideQuerySet.as_manager()

    detail_url_name = "guides:guide-detail"

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")


class GuideStep(TranslatedContent):
    """One step of a guide. Its English and Spanish are tracked like any page's, step by step."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps", verbose_name=_("guide"))
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("what to do"), max_length=200, help_text=_('Start with a verb: "Ask for…".'))
    body = RichTextField(_("how to do it"))
    what_to_bring = models.TextField(_("what to bring"), blank=True, help_text=_("One thing per line."))
    how_long = models.CharField(_("how long it takes"), max_length=200, blank=True)
    contact = models.TextField(_("who to contact"), blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("guide step")
        verbose_name_plural = _("guide steps")

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return f"{self.guide.get_absolute_url()}#step-{self.pk}"

    def things_to_bring(self):
        return [line.strip(" -•*\t") for line in self.what_to_bring.splitlines() if line.strip(" -•*\t")]


@editors_only
class CertificationFigure(models.Model):
    """
    One quarter's U and T visa certification requests, as the department counts them: numbers only, never a
    person. Shown on the certification guide as a table and a chart.
    """

    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(number, f"Q{number}") for number in range(1, 5)])
    received = models.PositiveIntegerField(_("requests received"))
    certified = models.PositiveIntegerField(_("certified"))
    denied = models.PositiveIntegerField(_("denied"))
    median_days = models.PositiveIntegerField(
        _("median days to decide"), null=True, blank=True, help_text=_("Leave empty when none was decided.")
    )

    # Not text, so not `TranslatedContent`: the page cache is told to forget pages when figures change.
    shown_on_public_pages = True

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["year", "quarter"], name="guides_one_figure_per_quarter")]
        verbose_name = _("certification figures (a quarter)")
        verbose_name_plural = _("certification figures")

    def __str__(self):
        return f"{self.year} Q{self.quarter}"

    @property
    def label(self):
        return f"{self.year} Q{self.quarter}"

    @property
    def pending(self):
        """Received but not decided in the quarter (carried to the next): never below zero."""
        return max(self.received - self.certified - self.denied, 0)
