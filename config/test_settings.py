"""Settings for the test suite: the real settings, plus fast hashing, in-memory mail, tasks that
are recorded instead of run, and django-zeal turning every N+1 query into an error."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS, MIDDLEWARE

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]
ZEAL_RAISE = True
# The rules ask about the signed-in person's own jury seats once per predicate: several
# single-row questions about one person, not a query per row of a list.
ZEAL_ALLOWLIST = [{"model": "accounts.User", "field": "jury_seats"}]

# Serve static files from the source folders, as in development: the browser tests need them
# and the suite must not depend on a prior collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The live server thread must not keep a connection open past its requests: PostgreSQL refuses
# to drop the test database while a session is still attached to it.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# The browser tests' live server answers requests in threads of its own. With SQLite, an
# in-memory test database would make those threads share the test's single connection, so
# two requests at once (autosave and a click) would collide in it. A file gives each thread
# its own connection, as in production.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}  # noqa: F405

# The suite runs as production does: jury members and organisers need a second factor.
# tests/conftest.py makes Client.force_login verify one, as signing in with a code does.
REQUIRE_SECOND_FACTOR = True
