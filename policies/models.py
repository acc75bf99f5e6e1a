from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from outreach.models import Category, Publishable, PublishableQuerySet, RichTextField, TranslationTracked


class PolicyTopic(Category):
    class Meta(Category.Meta):
        verbose_name = _("policy topic")
        verbose_name_plural = _("policy topics")


class PolicyQuerySet(PublishableQuerySet):
    def key_commitments(self):
        return self.filter(is_key_commitment=True)

    def exceptions(self):
        return self.filter(is_exception=True)


class Policy(Publishable, TranslationTracked):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The policy's web address. The same in every language; do not change it once shared."),
    )
    topic = models.ForeignKey(PolicyTopic, on_delete=models.PROTECT, related_name="policies", verbose_name=_("topic"))
    summary = models.TextField(
        _("plain-language summary"), help_text=_("What this means for a resident, in a few plain sentences.")
    )
    body = RichTextField(_("full text"))
    is_key_commitment = models.BooleanField(
        _("key commitment"), default=False, help_text=_("Shown first, and on the home page.")
    )
    is_exception = models.BooleanField(
        _("exception to the commitments"),
        default=False,
        help_text=_("Shown right next to the key commitments, never apart from them (the warrant exception)."),
    )
    effective_date = models.DateField(_("in effect since"))
    last_reviewed = models.DateField(_("last reviewed"))
    document = models.FileField(
        _("document (PDF)"),
        upload_to="policies/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
        help_text=_("The signed policy as a PDF, one per language."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["topic__order", "order", "pk"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse("policies:policy-detail", kwargs={"slug": self.slug})
