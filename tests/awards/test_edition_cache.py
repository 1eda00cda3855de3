"""Visitors' copy of the public edition page: served from the cache at the gala minute, never
past an announcement moment, with a fresh CSRF token in every response."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Edition
from evaluation.management.commands.seed_demo import seed_demo
from tests.conftest import shared_database

pytestmark = pytest.mark.django_db

SLUG = "sveriges-digitaliseringskommun-2027"


@pytest.fixture(scope="module")
def announced_demo(django_db_setup, django_db_blocker):
    with shared_database(django_db_blocker):
        seed_demo(phase="announced")
        yield


@pytest.fixture
def gala(announced_demo, db):
    edition = Edition.objects.get(slug=SLUG)
    moment = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    Edition.objects.filter(pk=edition.pk).update(announce_at=moment)
    return edition, moment


def test_the_cached_page_never_shows_the_winner_early_nor_hides_it_late(gala):
    edition, moment = gala
    url = reverse("awards:edition-detail", args=[SLUG])
    motivation = edition.motivation[:40]
    client = Client()
    with time_machine.travel(moment - timedelta(seconds=3), tick=False):
        assert motivation not in client.get(url).content.decode()
    with time_machine.travel(moment - timedelta(seconds=1), tick=False):
        assert motivation not in client.get(url).content.decode()  # from the cache
    with time_machine.travel(moment, tick=False):
        assert motivation in client.get(url).content.decode()
    with time_machine.travel(moment + timedelta(seconds=1), tick=False):
        assert motivation in client.get(url).content.decode()


def test_a_cached_page_runs_no_query_and_still_switches_language(
    gala, django_assert_max_num_queries
):
    url = reverse("awards:edition-detail", args=[SLUG])
    Client().get(url)  # fills the cache
    client = Client()
    with django_assert_max_num_queries(0):
        page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("accounts:set-language"),
        {"language": "en", "next": url, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert "Jury" in client.get(url).content.decode()
    assert client.get(url)["Content-Language"] == "en"


def test_signed_in_people_and_changes_are_never_served_stale(gala):
    edition, _moment = gala
    url = reverse("awards:edition-detail", args=[SLUG])
    Client().get(url)
    Edition.objects.filter(pk=edition.pk).update(name="Nytt namn")
    organiser = Client()
    organiser.force_login(get_user_model().objects.get(username="admin"))
    assert "Nytt namn" in organiser.get(url).content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=11), tick=False):
        assert "Nytt namn" in Client().get(url).content.decode()
