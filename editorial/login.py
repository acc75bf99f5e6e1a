"""
Staff sign-in: a lockout every worker and server shares, and sessions that end.

Failed sign-ins are counted in the database (editorial.counters), not in a process's memory, so five wrong
passwords lock an account whichever worker answered them. Two counters:
- per username (as a keyed hash, casefolded): LOGIN_FAILURE_LIMIT failures lock it for LOGIN_LOCKOUT_SECONDS;
- for the whole site: LOGIN_SITE_FAILURE_LIMIT failures within LOGIN_SITE_WINDOW_SECONDS, whatever the usernames,
  pause every sign-in until the window ends (password spraying tries a few passwords on many accounts).
Nothing about the visitor is counted or stored: no address, no browser. This replaces django-axes, whose
database handler stores addresses and whose cache handler counts per process (README "Security").
"""

import math
import time

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import ngettext_lazy

from . import counters

SITE_KEY = "login-site"
LOGIN_AT = "_login_at"
SEEN_AT = "_seen_at"


def user_key(username):
    return counters.keyed("login-user", (username or "").casefold())


def minutes_until(moment):
    return max(1, math.ceil((moment - timezone.now()).total_seconds() / 60))


class LockingAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing locked accounts (and everyone, while the site is paused)."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked": ngettext_lazy(
            "Too many failed sign-ins for this account. It is locked for %(minutes)s more minute; "
            "try again later or ask an administrator to reset your password.",
            "Too many failed sign-ins for this account. It is locked for %(minutes)s more minutes; "
            "try again later or ask an administrator to reset your password.",
            "minutes",
        ),
        "site_locked": ngettext_lazy(
            "Too many failed sign-ins on this site. Signing in is paused for %(minutes)s more minute; "
            "please try again later.",
            "Too many failed sign-ins on this site. Signing in is paused for %(minutes)s more minutes; "
            "please try again later.",
            "minutes",
        ),
    }
    # Set when the form refused a sign-in because of a lockout (the admin site then answers 429).
    locked = False

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()
        key = user_key(username)
        self.refuse_if_locked(key)
        try:
            cleaned = super().clean()
        except ValidationError:
            self.record_failure(key)
            raise
        counters.reset(key)
        return cleaned

    def refuse_if_locked(self, key):
        for counter, limit, code in (
            (SITE_KEY, settings.LOGIN_SITE_FAILURE_LIMIT, "site_locked"),
            (key, settings.LOGIN_FAILURE_LIMIT, "locked"),
        ):
            count, until = counters.current(counter)
            if count >= limit:
                self.locked = True
                raise ValidationError(self.error_messages[code], code=code, params={"minutes": minutes_until(until)})

    def record_failure(self, key):
        if counters.hit(key, settings.LOGIN_LOCKOUT_SECONDS) >= settings.LOGIN_FAILURE_LIMIT:
            counters.extend(key, settings.LOGIN_LOCKOUT_SECONDS)  # locked from the last failure, not the first
        if counters.hit(SITE_KEY, settings.LOGIN_SITE_WINDOW_SECONDS) == settings.LOGIN_SITE_FAILURE_LIMIT:
            counters.extend(SITE_KEY, settings.LOGIN_SITE_WINDOW_SECONDS)


def remember_login_time(sender, request, user, **kwargs):
    """Connected to `user_logged_in`: when this session signed in, for SessionLimitMiddleware."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = request.session[SEEN_AT] = int(time.time())


class SessionLimitMiddleware:
    """
    Ends a signed-in session SESSION_MAX_SECONDS (8 hours) after it signed in, however active it has been, and
    SESSION_COOKIE_AGE (30 minutes) after its last request: an active session is saved again (which renews its
    expiry, in the store and in the cookie) once RENEW_SECONDS have passed, not on every request as
    SESSION_SAVE_EVERY_REQUEST would. Requests without a session cookie (every reader's) are not looked at.
    """

    RENEW_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            if started is None:
                request.session[LOGIN_AT] = int(time.time())
            elif time.time() - started > settings.SESSION_MAX_SECONDS:
                logout(request)
                return self.get_response(request)
            if time.time() - request.session.get(SEEN_AT, 0) > self.RENEW_SECONDS:
                request.session[SEEN_AT] = int(time.time())
        return self.get_response(request)
