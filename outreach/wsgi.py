"""WSGI entry point: `gunicorn outreach.wsgi`."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings")

application = get_wsgi_application()


def _refuse_a_weak_secret_key():
    from django.conf import settings

    from outreach.checks import secret_key_problem

    if not settings.DEBUG and (problem := secret_key_problem()):
        raise ImproperlyConfigured(problem)


def _refuse_to_run_without_an_address():
    # Every absolute link is built from SITE_URL (editorial.links); without it pages would fail one by one.
    from django.conf import settings

    from editorial.links import site_url_problem

    if not settings.DEBUG and (problem := site_url_problem()):
        raise ImproperlyConfigured(problem)


_refuse_a_weak_secret_key()
_refuse_to_run_without_an_address()
