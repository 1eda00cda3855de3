"""Visitors' copies of every public page (front page, award, municipalities), and one cache for
all app servers (CACHE_URL, Redis) that may go down without costing a page (issue 22)."""

import logging
import re
import socket
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from awards.models import Edition
from awards.services import PUBLIC_PAGES_GENERATION, edition_update, public_pages_forget
from evaluation.management.commands.seed_demo import seed_demo
from tests.conftest import shared_database

pytestmark = pytest.mark.django_db

SLUG = "sveriges-digitaliseringskommun-2027"
PAGES = {
    "home": lambda: reverse("awards:home"),
    "award": lambda: reverse("awards:award", args=["sveriges-digitaliseringskommun"]),
    "municipality": lambda: reverse("awards:municipality", args=["0780"]),  # Växjö, the winner
    "municipalities": lambda: reverse("awards:municipalities"),
}


def redis_caches(location):
    return {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # one per test: workers share the db
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


@pytest.fixture(scope="module")
def announced_demo(django_db_setup, django_db_blocker):
    with shared_database(django_db_blocker):
        seed_demo(phase="announced")
        yield


@pytest.fixture
def gala(announced_demo, db):
    """The winner (Växjö) becomes public in an hour."""
    edition = Edition.objects.get(slug=SLUG)
    moment = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    Edition.objects.filter(pk=edition.pk).update(announce_at=moment)
    return edition, moment


def winners(page: str) -> int:
    """How many winners the page names (a badge, or the archive's winner column)."""
    return page.count('class="badge badge-winner"') + page.count('class="winner-name"')


@pytest.mark.parametrize("page", ["home", "award", "municipality"])
def test_every_public_page_shows_the_winner_at_the_second(gala, page):
    _edition, moment = gala
    url = PAGES[page]()
    client = Client()
    with time_machine.travel(moment - timedelta(seconds=3), tick=False):
        before = client.get(url).content.decode()
    with time_machine.travel(moment - timedelta(seconds=1), tick=False):
        cached = client.get(url).content.decode()
    with time_machine.travel(moment, tick=False):
        at = client.get(url).content.decode()
    # The 2027 winner is not shown before the moment (older winners are), and is at once.
    assert winners(before) == winners(cached)
    assert winners(at) == winners(before) + 1


@pytest.mark.parametrize("page", list(PAGES))
def test_a_visitors_second_visit_runs_no_query(gala, page, django_assert_max_num_queries):
    url = PAGES[page]()
    Client().get(url)
    with django_assert_max_num_queries(0):
        response = Client().get(url)
    assert response.status_code == 200


def test_a_change_shows_at_once_on_every_public_page(gala):
    edition, _moment = gala
    for make_url in PAGES.values():
        Client().get(make_url())
    edition_update(edition=edition, actor=None, name="Sveriges Digitaliseringskommun, nytt namn")
    assert "nytt namn" in Client().get(PAGES["home"]()).content.decode()
    assert "nytt namn" in Client().get(PAGES["award"]()).content.decode()


def test_a_copy_made_before_the_change_commits_does_not_outlive_it(gala):
    """Another visitor's request may render the page between the change and its commit, from
    the data as it was: the copy it keeps is dropped when the change commits."""
    edition, _moment = gala

    def waiting():
        return [func for _sids, func, _robust in connection.run_on_commit]

    Edition.objects.filter(pk=edition.pk).update(name="Omdöpt i en transaktion")
    edition_update(edition=edition, actor=None, name="Sveriges Digitaliseringskommun, igen")
    generation = cache.get(PUBLIC_PAGES_GENERATION)
    Client().get(PAGES["home"]())  # a copy made before the commit
    # However many rows changed, one purge waits for the commit (the test's transaction).
    assert waiting().count(public_pages_forget) == 1
    public_pages_forget()  # what the commit runs
    assert cache.get(PUBLIC_PAGES_GENERATION) != generation


def test_with_redis_the_copies_are_shared_and_a_change_reaches_them(gala, redis_url):
    """Two app servers are two caches in two processes; with Redis they are one. Here: a
    copy made under one cache client is served under another, and a change made through a
    third is seen by both at once."""
    caches = redis_caches(redis_url)
    url = reverse("awards:edition-detail", args=[SLUG])
    with override_settings(CACHES=caches, EDITION_PAGE_CACHE_SECONDS=300):
        Client().get(url)
        edition = Edition.objects.get(slug=SLUG)
        # Past the audit trail (a plain QuerySet), so nothing tells the cache.
        QuerySet(model=Edition).filter(pk=edition.pk).update(name="Ändrat utan spår")
        # Served from Redis: the unrecorded change does not show...
        assert "Ändrat utan spår" not in Client().get(url).content.decode()
        # ...a recorded one does, at once, although the copy had five minutes left.
        edition.refresh_from_db()
        edition_update(edition=edition, actor=None, name="Ändrat med spår")
        assert "Ändrat med spår" in Client().get(url).content.decode()


def test_when_redis_is_down_pages_are_served_and_a_warning_logged(gala, caplog):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # nothing listens here once the socket is closed
    caches = redis_caches(f"redis://127.0.0.1:{closed}/0")
    from config import cache as resilient

    resilient.ResilientRedisCache._last_warning = 0.0
    with override_settings(CACHES=caches), caplog.at_level(logging.WARNING, "juryrum.cache"):
        for make_url in [*PAGES.values(), lambda: reverse("awards:edition-detail", args=[SLUG])]:
            response = Client().get(make_url())
            assert response.status_code == 200
        edition = Edition.objects.get(slug=SLUG)
        edition_update(edition=edition, actor=None, name="Ändrat utan Redis")
        assert "Ändrat utan Redis" in Client().get(PAGES["home"]()).content.decode()
    warnings = [r for r in caplog.records if r.name == "juryrum.cache"]
    assert len(warnings) == 1  # once, not once per request
    assert "serving from the database" in warnings[0].getMessage()


def test_cache_url_selects_redis_and_refuses_what_it_does_not_know(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings as project_settings

    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/1")
    reloaded = importlib.reload(project_settings)
    assert reloaded.CACHES["default"]["BACKEND"] == "config.cache.ResilientRedisCache"
    monkeypatch.setenv("CACHE_URL", "memcached://127.0.0.1")
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        importlib.reload(project_settings)
    monkeypatch.delenv("CACHE_URL")
    assert "locmem" in importlib.reload(project_settings).CACHES["default"]["BACKEND"]


def test_each_visitor_of_a_cached_page_gets_their_own_token_and_nonce(gala):
    url = PAGES["home"]()
    Client().get(url)  # the copy
    seen = []
    for _visitor in range(2):
        response = Client().get(url)
        page = response.content.decode()
        nonce = re.search(r'<script [^>]*nonce="([^"]+)"', page).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        assert response.cookies["csrftoken"].value
        assert "slot-" not in page
        seen.append((nonce, token))
    assert seen[0][0] != seen[1][0]
    assert seen[0][1] != seen[1][1]
