"""Production settings: refuse to start unsafe, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from config.settings import mailers_from_url

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "kq3VbT9-xW2mPz8rLc5NfH1yJd7sGa4uEo6iKt0ZnRbYw_QeXvMhUj",
    "ALLOWED_HOSTS": "juryrum.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "smtp://mailer:secret@smtp.example.org:587?tls=1",
}


# Set by the test process itself, not by a deployment: the browser tests' process allows
# synchronous database calls while Playwright's event loop runs (tests/browser/conftest.py).
NOT_INHERITED = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, *NOT_INHERITED}}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "key", ["too-short", "ab" * 40, "django-insecure-" + "kq3VbT9xW2mPz8rLc5NfH1yJd7sGa4uEo6iKt0Zn"]
)
def test_production_with_weak_secret_key_refuses_to_start(key):
    result = run_manage("check", **{**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_check_deploy_reports_nothing():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_invalid_boolean_is_refused_with_its_name():
    result = run_manage("check", **{**PRODUCTION, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_postgres_url_gives_persistent_health_checked_connections():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = run_manage(
        "shell", "-c", code, DATABASE_URL="postgres://juryrum@db.example.org:5432/juryrum"
    )
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.postgresql 600 True" in result.stdout


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "{'server_side_binding': True, 'prepare_threshold': 5}"),
        ({"DATABASE_PREPARED_STATEMENTS": "false"}, "{}"),
    ],
)
def test_postgres_prepares_the_statements_a_connection_repeats_unless_told_not_to(env, expected):
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    url = "postgres://juryrum@db.example.org:5432/juryrum"
    result = run_manage("shell", "--no-imports", "-c", code, DATABASE_URL=url, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
def test_a_statement_run_five_times_is_planned_once(django_user_model):
    # The suite's own database runs with the settings' options: on PostgreSQL, a query this
    # connection has run five times is a prepared statement from then on.
    ids = []
    for _ in range(6):
        ids.append(list(django_user_model.objects.filter(pk=-1).values_list("pk", flat=True)))
    assert ids == [[]] * 6
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "accounts_user" WHERE "accounts_user"."id" = $1%'],
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.parametrize(
    ("url", "backend", "options"),
    [
        ("console:", "django.core.mail.backends.console.EmailBackend", None),
        (
            "smtp://user:p%40ss@mail.example.org:587?tls=1",
            "django.core.mail.backends.smtp.EmailBackend",
            {"host": "mail.example.org", "port": 587, "username": "user", "password": "p@ss"},
        ),
        (
            "smtps://mail.example.org",
            "django.core.mail.backends.smtp.EmailBackend",
            {"host": "mail.example.org", "use_ssl": True, "use_tls": False},
        ),
        (
            "file:///var/mail/juryrum",
            "django.core.mail.backends.filebased.EmailBackend",
            {"file_path": "/var/mail/juryrum"},
        ),
    ],
)
def test_mailers_from_url(url, backend, options):
    mailer = mailers_from_url(url)["default"]
    assert mailer["BACKEND"] == backend
    for key, value in (options or {}).items():
        assert mailer["OPTIONS"][key] == value
