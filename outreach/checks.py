import re

from django.conf import settings
from django.core.checks import Error, register


def secret_key_problem():
    """Why SECRET_KEY is unfit for serving the site, or None.

    The key protects the ask form's time stamps and the rate limit's address hashes: a short or copied
    placeholder would let anyone forge the one and reverse the other.
    """
    key = settings.SECRET_KEY or ""
    if len(key) < 32 or "change-me" in key or key.startswith("insecure-"):
        return "Set SECRET_KEY to a long random string (32 characters or more) that is not a placeholder."
    return None


@register(deploy=True)
def check_secret_key(app_configs, **kwargs):
    problem = secret_key_problem()
    return [Error(problem, id="outreach.E001")] if problem else []


ADMIN_URL_PATTERN = re.compile(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*/")


@register()
def check_admin_url(app_configs, **kwargs):
    """ADMIN_URL is a path like "admin/" or "staff/office/": no leading slash, one at the end, nothing odd."""
    value = getattr(settings, "ADMIN_URL", "admin/")
    if not isinstance(value, str) or not ADMIN_URL_PATTERN.fullmatch(value):
        return [
            Error(
                f"ADMIN_URL must be a path such as 'admin/': letters, digits, '-', '_', '.' or '~' in parts joined "
                f"by '/', without a leading '/' and ending with '/' (it is {value!r}).",
                id="outreach.E002",
            )
        ]
    taken = {code for code, _name in settings.LANGUAGES} | {"static", "media"}
    if value.split("/")[0] in taken:
        return [Error(f"ADMIN_URL {value!r} starts with a path the site already uses.", id="outreach.E003")]
    return []
