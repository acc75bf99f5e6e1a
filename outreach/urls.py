from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from editorial.pagecache import same_in_every_language
from editorial.sitemaps import index as sitemap_index
from events.sitemaps import EventSitemap
from guides.sitemaps import GuideSitemap
from policies.sitemaps import PolicySitemap

from . import views
from .sitemaps import FactCheckSitemap, FaqEntrySitemap, ResourceSitemap, StaticViewSitemap

app_name = "outreach"

sitemaps = {
    "pages": StaticViewSitemap,
    "events": EventSitemap,
    "policies": PolicySitemap,
    "guides": GuideSitemap,
    "faq": FaqEntrySitemap,
    "resources": ResourceSitemap,
    "fact-checks": FactCheckSitemap,
}

# Each long collection is an index (or a list, a page at a time) with a page per item under it.
faq_patterns = [
    path("", views.FaqIndexView.as_view(), name="faq"),
    path("<slug:category>/", views.FaqCategoryView.as_view(), name="faq-category"),
    path("<slug:category>/<slug:slug>/", views.FaqEntryView.as_view(), name="faq-entry"),
]

resource_patterns = [
    path("", views.ResourceListView.as_view(), name="resource-list"),
    path("<slug:slug>/", views.ResourceDetailView.as_view(), name="resource-detail"),
]

fact_check_patterns = [
    path("", views.FactCheckListView.as_view(), name="fact-check-list"),
    path("<slug:slug>/", views.FactCheckDetailView.as_view(), name="fact-check-detail"),
    path("<slug:slug>/share-<str:digest>.png", views.FactCheckShareImageView.as_view(), name="fact-check-share-image"),
]

public_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(_("faq/"), include(faq_patterns)),
    path(_("resources/"), include(resource_patterns)),
    path(_("fact-checks/"), include(fact_check_patterns)),
    path(_("search/"), views.SearchView.as_view(), name="search"),
    path(_("ask/"), views.AskView.as_view(), name="ask"),
    path(_("privacy/"), views.PrivacyView.as_view(), name="privacy"),
    path(_("wallet-card/"), views.WalletCardView.as_view(), name="wallet-card"),
    path("share-<str:digest>.png", views.SiteShareImageView.as_view(), name="share-image"),
]

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    # An index of per-section sitemaps, each paginated: one file stays small however much content there is.
    # Sitemaps list every language's address whichever language asks: cacheable, not varying on Accept-Language.
    path(
        "sitemap.xml",
        same_in_every_language(sitemap_index),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        same_in_every_language(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin); answer instead of logging a 404.
    path("favicon.ico", views.favicon),
]

urlpatterns += i18n_patterns(
    path("", include((public_patterns, app_name))),
    path(_("events/"), include("events.urls")),
    path(_("policies/"), include("policies.urls")),
    path(_("guides/"), include("guides.urls")),
    path(_("helpful/"), include("editorial.urls")),
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "outreach.views.page_not_found"
handler500 = "outreach.views.server_error"
