"""
Counters shared by every process (editorial.SharedCounter): how many times something happened within a window.

A counter's window starts with its first hit and lasts `seconds`; after it, the next hit starts a new one. Every
change is one `UPDATE ... SET count = count + 1` (F()), so two workers hitting at once never lose a count, on
SQLite or PostgreSQL. Keys are made by `keyed()`: a hash keyed with SECRET_KEY, so what is counted (a username,
an address) is never written down.
"""

import datetime
import hashlib
import hmac
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import SharedCounter


def keyed(purpose, value=""):
    """A counter key for `value`: `purpose:` and an HMAC of it, which nobody can reverse without SECRET_KEY."""
    secret = f"{settings.SECRET_KEY}:counter:{purpose}".encode()
    return f"{purpose}:{hmac.new(secret, str(value).encode(), hashlib.sha256).hexdigest()[:40]}"


def hit(key, seconds):
    """Count one more in `key`'s window (starting a window of `seconds` if none is running); the new count."""
    now = timezone.now()
    with transaction.atomic():
        running = SharedCounter.objects.filter(key=key, expires_at__gt=now)
        if not running.update(count=F("count") + 1):
            window_end = now + datetime.timedelta(seconds=seconds)
            expired = SharedCounter.objects.filter(key=key, expires_at__lte=now)
            if not expired.update(count=1, expires_at=window_end):
                try:
                    with transaction.atomic():
                        SharedCounter.objects.create(key=key, count=1, expires_at=window_end)
                except IntegrityError:  # another process created it in between: count on theirs
                    running.update(count=F("count") + 1)
                # Old windows of other keys are no longer needed: forget them (what is counted leaves no trace).
                SharedCounter.objects.filter(expires_at__lte=now).delete()
        return SharedCounter.objects.filter(key=key).values_list("count", flat=True).first() or 1


def current(key):
    """(count, expires_at) of `key`'s running window, or (0, None)."""
    row = SharedCounter.objects.filter(key=key, expires_at__gt=timezone.now()).values_list("count", "expires_at")
    return row.first() or (0, None)


def extend(key, seconds):
    """Make `key`'s running window last `seconds` from now (a lockout starts from the failure that caused it)."""
    until = timezone.now() + datetime.timedelta(seconds=seconds)
    SharedCounter.objects.filter(key=key).update(expires_at=until)


def reset(key):
    SharedCounter.objects.filter(key=key).delete()


def client_address(request):
    """The sender's address as the trusted front reports it (CLIENT_ADDRESS_HEADER), for hashing only, never keeping."""
    address = request.META.get(settings.CLIENT_ADDRESS_HEADER, "") or request.META.get("REMOTE_ADDR", "")
    # In a forwarded-for list the last address is the one the trusted proxy added; the rest are the sender's word.
    return address.split(",")[-1].strip()


def over_address_limit(request, purpose, limit, window_seconds):
    """
    Count one more `purpose` (a question sent, a "helpful?" answer) from the sender's address in the current window
    of `window_seconds`; True when that makes more than `limit`. The key is an HMAC of the window number and the
    address (`keyed()`): the address is never written down, and the keys of two windows cannot be linked.
    """
    window = int(time.time() // window_seconds)
    key = keyed(purpose, f"{window}:{client_address(request)}")
    return hit(key, window_seconds) > limit
