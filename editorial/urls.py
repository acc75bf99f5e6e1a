from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "editorial"

# Under each language's prefix (/en/helpful/, /es/util/): the vote counts in the language of its address.
urlpatterns = [
    path("", views.HelpfulVoteView.as_view(), name="helpful-vote"),
    path(_("thanks/"), views.HelpfulThanksView.as_view(), name="helpful-thanks"),
]
