"""django-scim2 (15Five's Django app) as a SCIM server on loopback: the third
real server `scimkit probe` is tested against (cli/tests/probe_live/django.rs).
xtask installs requirements.txt into a venv of its own; nothing here is
scimkit's own SCIM logic, only the settings a Django project needs to serve
django-scim2 with its default adapters, views and filters.

    python serve.py --port P --bearer-token T

Serves http://127.0.0.1:P/scim/v2/ until killed. Every start is a fresh,
empty directory but for the API client below.
"""

import argparse
import hmac
import sys
from pathlib import Path

import django
from django.conf import settings

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--bearer-token", required=True)
args = parser.parse_args()

# The `scimapp` package (the models) sits next to this file; no
# __pycache__ is left in the work tree.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

settings.configure(
    # DEBUG off: errors answer as in production, not with Django's debug page.
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1"],
    SECRET_KEY="scimkit-probe-tests-only",
    INSTALLED_APPS=[
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "django_scim",
        "scimapp",
    ],
    # django-scim2 applies its SCIMAuthCheckMiddleware to its own views, so
    # this one runs before it and only has to say who the caller is.
    MIDDLEWARE=["__main__.BearerTokenMiddleware"],
    ROOT_URLCONF="__main__",
    AUTH_USER_MODEL="scimapp.User",
    # django-scim2's README names Postgres as its only supported database,
    # but its filters are portable SQL (UPPER(x) = UPPER(?), LIKE) and
    # SQLite needs no server. In memory, so a killed server leaves no file
    # behind: Django keeps an in-memory SQLite connection open for the life
    # of its thread, and the server runs in this one thread (runserver
    # --nothreading below).
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    USE_TZ=True,
    SCIM_SERVICE_PROVIDER={
        # Its default is django.contrib.auth's Group, which lacks the
        # scim_* fields its own default adapter reads.
        "GROUP_MODEL": "scimapp.models.Group",
        # meta.location and Location headers are built from these, not from
        # the request: a deployment names its public address here.
        "SCHEME": "http",
        "NETLOC": f"127.0.0.1:{args.port}",
        "AUTHENTICATION_SCHEMES": [
            {
                "type": "oauthbearertoken",
                "name": "OAuth Bearer Token",
                "description": "Authentication with a bearer token",
            }
        ],
        "WWW_AUTHENTICATE_HEADER": 'Bearer realm="django-scim2"',
    },
)
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402 (needs setup)
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.urls import include, path  # noqa: E402

# The namespace `scim` is mandatory (django-scim2's README).
urlpatterns = [path("scim/v2/", include("django_scim.urls", namespace="scim"))]

TOKEN = args.bearer_token.encode()
CLIENT = None  # the API client's user, created below


class BearerTokenMiddleware:
    """`Authorization: Bearer <token>` is the API client; anything else is
    anonymous, which django-scim2 answers with 401."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        known = scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), TOKEN)
        request.user = CLIENT if known else AnonymousUser()
        return self.get_response(request)


if __name__ == "__main__":
    # --run-syncdb: scimapp has no migration files; its tables are made from
    # the models directly.
    call_command("migrate", run_syncdb=True, verbosity=0)
    # A superuser, as the account an identity provider's token stands for
    # usually is; it is a user like any other, so GET /Users lists it.
    CLIENT = get_user_model().objects.create_superuser("scim-api-client")
    call_command(
        "runserver", f"127.0.0.1:{args.port}", use_reloader=False, use_threading=False
    )
