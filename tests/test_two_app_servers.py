"""Two app servers, one database: a person signs in on one gunicorn, goes on on the other, and
autosaves on both in turn; nothing is lost. Sessions live in the database and uploads on shared
storage, so a load balancer may send any request anywhere."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from awards.choices import EntryStanding
from awards.models import Answer
from awards.services import edition_update, entry_set_standing
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def cache_env():
    """Extra environment for both servers (none: each keeps its own cache)."""
    return {}


@pytest.fixture
def two_servers(tmp_path, cache_env):
    env = {
        **cache_env,
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(),
        "DEBUG": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
    }
    servers = []
    for _ in range(2):
        port = free_port()
        log = (tmp_path / f"{port}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        servers.append((f"http://127.0.0.1:{port}", process, log))
    try:
        for base, process, _log in servers:
            for _ in range(100):
                try:
                    with urllib.request.urlopen(f"{base}/healthz", timeout=30) as response:  # noqa: S310
                        if response.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    assert process.poll() is None, (tmp_path / f"{base[-5:]}.log").read_text()
                    time.sleep(0.2)
        yield [base for base, _process, _log in servers]
    finally:
        for _base, process, log in servers:
            process.terminate()
            process.wait(timeout=10)
            log.close()


class Browser:
    """A cookie jar shared by both servers, as one browser behind a load balancer."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, url):
        with self.opener.open(url, timeout=20) as response:
            return response.status, response.geturl(), response.read().decode()

    def post(self, url, data, headers=None):
        request = urllib.request.Request(  # noqa: S310 (http on loopback only)
            url, data=urllib.parse.urlencode(data).encode(), headers=headers or {}
        )
        with self.opener.open(request, timeout=20) as response:
            return response.status, response.geturl(), response.read().decode()


def csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_one_person_moves_between_two_app_servers_and_nothing_is_lost(two_servers):
    edition = factories.make_edition()
    questions = factories.make_questionnaire(edition)
    entry = factories.make_entry(edition, "Växjö", submit=False)
    contact = factories.make_contact("Växjö", "vaxjo")
    # The servers run the real settings, whose hashers do not read the suite's fast MD5 hashes.
    contact.password = PBKDF2PasswordHasher().encode(PASSWORD, "twoservers")
    contact.save(update_fields=["password"])
    first, second = two_servers
    browser = Browser()

    _status, _url, page = browser.get(f"{first}/accounts/login/")
    status, url, page = browser.post(
        f"{first}/accounts/login/",
        {"username": "vaxjo", "password": PASSWORD, "csrfmiddlewaretoken": csrf(page)},
        {"Referer": f"{first}/accounts/login/"},
    )
    assert url == f"{first}/entries/", status
    # Signed in on the first server, the second knows the person.
    status, url, page = browser.get(f"{second}/entries/")
    assert status == 200
    assert "/accounts/login/" not in url
    assert entry.title in page

    section = f"/entries/{entry.pk}/sections/1/"
    question = questions[0]
    for version, base in enumerate([first, second, first, second]):
        round_ = version + 1
        _status, _url, page = browser.get(f"{base}{section}")
        status, _url, answer = browser.post(
            f"{base}{section}",
            {
                f"q{question.pk}": f"Utkast {round_} från {base[-5:]}",
                f"v{question.pk}": version,
                "csrfmiddlewaretoken": csrf(page),
            },
            {"HX-Request": "true", "Referer": f"{base}{section}"},
        )
        assert status == 200
        assert "Sparat" in answer
        stored = Answer.objects.get(entry=entry, question=question)
        assert (stored.text, stored.version) == (f"Utkast {round_} från {base[-5:]}", round_)


REDIS_PREFIX = f"two-servers-{uuid.uuid4().hex}"


@pytest.mark.parametrize(
    "cache_env",
    [
        {
            "CACHE_URL": "redis://127.0.0.1:6379/15",
            "CACHE_KEY_PREFIX": REDIS_PREFIX,
            # Copies would live five minutes: only the shared cache can make a change show.
            "EDITION_PAGE_CACHE_SECONDS": "300",
        }
    ],
)
def test_with_redis_a_change_shows_at_once_on_both_servers(redis_url, two_servers, cache_env):
    """The organisers bring the finalists' moment forward to now: both servers show the
    finalists at once, although each holds a copy without them for five more minutes."""
    edition = factories.make_edition(year=2031)  # finalists public in 90 days
    finalist = factories.make_entry(edition, "Växjö")
    entry_set_standing(entry=finalist, standing=EntryStanding.FINALIST)
    first, second = two_servers
    url = f"/editions/{edition.slug}/"
    for base in (first, second):
        status, _url, page = Browser().get(f"{base}{url}")
        assert status == 200
        assert 'id="finalists"' not in page
    # Through the service, on a third process that shares the Redis cache (as a worker or a
    # third app server would).
    caches = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": cache_env["CACHE_URL"],
            "KEY_PREFIX": REDIS_PREFIX,
        }
    }
    with override_settings(CACHES=caches):
        now = timezone.now()
        edition_update(
            edition=edition,
            actor=None,
            submission_deadline=now - timedelta(seconds=2),
            finalists_announce_at=now - timedelta(seconds=1),
        )
    for base in (second, first):
        _status, _url, page = Browser().get(f"{base}{url}")
        assert 'id="finalists"' in page, base
        assert "Växjö" in page, base
