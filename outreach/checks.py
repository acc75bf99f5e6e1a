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
