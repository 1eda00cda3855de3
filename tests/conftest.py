import copy
import csv
import os
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.plugin import blocking_manager_key

from accounts.models import IdentityProvider
from accounts.security import requires_second_factor
from awards.choices import QuestionKind
from awards.models import (
    Attachment,
    County,
    Criterion,
    Edition,
    Entry,
    Invitation,
    Municipality,
    Nomination,
    OutboxMessage,
    PartnerInvitation,
    Question,
)
from awards.services import contact_invite
from evaluation.choices import JuryRole
from evaluation.models import SiteVisit
from tests import factories
from tests.scenes import SCENES

ROLES = (
    "anonymous",
    "municipality_a",
    "municipality_b",
    "juror",
    "conflicted_juror",
    "chair",
    "expert",
    "organiser",
)


# Roles that sign in with a second factor. Each of their requests loads the verified device
# (django-otp checks it still exists): one query more than a contact's page.
SECOND_FACTOR_ROLES = {"juror", "conflicted_juror", "chair", "expert", "organiser"}


def second_factor_queries(role: str) -> int:
    return 1 if role in SECOND_FACTOR_ROLES else 0


_force_login = Client.force_login


def force_login_with_second_factor(client, user, backend=None):
    """Client.force_login as a person who then typed their authenticator code: a confirmed
    device, verified in the session. Without it every page would send jury members and
    organisers to the second-factor step, as it does for real sign-ins."""
    _force_login(client, user, backend)
    if requires_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the public edition page is cached per process)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _second_factor_on_force_login(monkeypatch):
    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@dataclass
class World:
    """One edition with the people of every role: municipality A (Växjö) and B (Sundsvall)
    with submitted entries, a juror, a juror conflicted with A, the chair, a site-visit expert
    and an organiser."""

    edition: Edition
    entry_a: Entry
    entry_b: Entry
    users: dict
    questions: list
    draft_a: Entry  # municipality A's draft in a second edition, open for writing
    invitation: Invitation  # an unused invitation for a new person to act for Umeå
    sessions: dict = field(default_factory=dict)  # role: the key of a signed-in session
    signed_in_at: datetime | None = None
    # What a scene made (tests/scenes.py), on the test's own copy of the world.
    visit: SiteVisit | None = None
    outbox_message: OutboxMessage | None = None
    partner_invitation: PartnerInvitation | None = None
    nomination: Nomination | None = None

    def stage(self, *names: str) -> "World":
        """Move this test's world on to the named scenes of tests/scenes.py."""
        for name in names:
            SCENES[name](self)
        return self

    def sign_in_everyone(self) -> None:
        """A session per role, made once with the world: each test's client only carries its
        cookie, instead of signing in again."""
        self.signed_in_at = timezone.now()
        for role, user in self.users.items():
            client = Client()
            force_login_with_second_factor(client, user)
            self.sessions[role] = client.session.session_key

    def client_for(self, role) -> Client:
        client = Client()
        fresh = self.signed_in_at and (
            self.signed_in_at <= timezone.now() < self.signed_in_at + timedelta(hours=1)
        )
        if fresh and role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        elif role != "anonymous":
            client.force_login(self.users[role])
        return client


def build_world(extra_entries=0, extra_jurors=0) -> World:
    edition = factories.make_edition()
    questions = factories.make_questionnaire(edition)
    entry_a = factories.make_entry(
        edition, "Växjö", answers={questions[0]: "Växjö är stolt över sina e-tjänster."}
    )
    entry_b = factories.make_entry(
        edition, "Sundsvall", answers={questions[0]: "Sundsvall delar kod med grannarna."}
    )
    users = {
        "municipality_a": factories.make_contact("Växjö", "contact_a"),
        "municipality_b": factories.make_contact("Sundsvall", "contact_b"),
        "juror": factories.make_jury_member(edition, JuryRole.JUROR, "juror"),
        "conflicted_juror": factories.make_jury_member(edition, JuryRole.JUROR, "conflicted"),
        "chair": factories.make_jury_member(edition, JuryRole.CHAIR, "chair"),
        "expert": factories.make_jury_member(edition, JuryRole.EXPERT, "expert"),
        "organiser": factories.make_organiser(edition, "organiser"),
    }
    factories.declare_conflict(users["conflicted_juror"], entry_a)
    Criterion.objects.create(
        edition=edition, position=1, name="Service", weight=2, scale_labels=["Svag", "God"]
    )
    file_question = Question.objects.create(
        section=questions[0].section,
        position=10,
        kind=QuestionKind.FILE,
        text="Bilagor",
        required=False,
        allowed_types=["pdf"],
    )
    Attachment.objects.create(
        entry=entry_a,
        question=file_question,
        file=ContentFile(b"%PDF-1.7 Vaxjo", name="attachments/a/strategi.pdf"),
        file_type="pdf",
        content_type="application/pdf",
        original_name="Växjös strategi.pdf",
        size=14,
    )
    second = factories.make_edition(edition.award, year=edition.year + 2)
    factories.make_questionnaire(second)
    draft_a = factories.make_entry(second, "Växjö", submit=False)
    invitation = contact_invite(
        municipality=factories.municipality("Umeå"),
        email="ny.kontakt@umea.example.org",
        name="Ny Kontakt",
        invited_by=users["organiser"],
    )
    # Sign-in services: an OpenID Connect issuer that cannot be reached (nothing listens on
    # port 9) and a SAML federation, so the sign-in pages have something to answer about.
    IdentityProvider.objects.create(
        slug="entra", name="Testkommun", protocol="oidc", issuer="http://127.0.0.1:9"
    )
    IdentityProvider.objects.create(slug="federation", name="Testfederation", protocol="saml")
    world = World(edition, entry_a, entry_b, users, questions, draft_a, invitation)
    world_grow(world, extra_entries=extra_entries, extra_jurors=extra_jurors)
    world.sign_in_everyone()
    return world


OTHER_ENTRANTS = ["Umeå", "Luleå", "Gävle", "Borås", "Kiruna", "Örebro", "Halmstad", "Nacka"]


def world_grow(world: World, *, extra_entries=0, extra_jurors=0) -> World:
    """More of the same: submitted entries from other municipalities (each with a contact, and
    each declared a conflict of the conflicted juror), and jurors conflicted with entry B. Every
    member of the first jury declares no conflict on what is new."""
    edition, users = world.edition, world.users
    taken = set(edition.entries.values_list("municipalities__name", flat=True))
    others = [name for name in OTHER_ENTRANTS if name not in taken]
    if extra_entries > len(others):
        others += list(
            Municipality.objects.exclude(name__in={*taken, *others})
            .order_by("code")
            .values_list("name", flat=True)[: extra_entries - len(others)]
        )
    for name in others[:extra_entries]:
        entry = factories.make_entry(edition, name, answers={world.questions[0]: f"{name} svarar."})
        factories.make_contact(name)
        factories.declare_conflict(users["conflicted_juror"], entry, kind="other")
    for _ in range(extra_jurors):
        juror = factories.make_jury_member(edition, JuryRole.JUROR)
        factories.declare_conflict(juror, world.entry_b, kind="supplier")
    for role in ("juror", "conflicted_juror", "chair", "expert"):
        factories.declare_rest(users[role], edition)
    return world


@contextmanager
def shared_database(django_db_blocker):
    """Data built once for many tests (a module's or a class's): written inside a transaction
    that is rolled back when they are done. Each test runs in a savepoint within it
    (pytest-django's `db`), so no test sees another's changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker) -> World:
    """One world per test module. Tests take it through `world`."""
    with shared_database(django_db_blocker):
        yield build_world()


@pytest.fixture
def world(shared_world, db) -> World:
    """The module's world, with in-memory objects of the test's own: what a test changes on
    them (or in the database) is gone when it ends."""
    return copy.deepcopy(shared_world)


REFERENCE_DATA = Path(__file__).resolve().parent.parent / "awards" / "data"


def reference_data_restore() -> None:
    """Counties and municipalities come from a data migration. A transactional test's flush
    removes them; put them back for the tests that follow on the same process, whatever the
    order."""
    if Municipality.objects.exists():
        return

    def rows(name):
        with open(REFERENCE_DATA / name, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    County.objects.bulk_create(
        [County(code=r["code"], name=r["name"]) for r in rows("lan.csv")], ignore_conflicts=True
    )
    Municipality.objects.bulk_create(
        [
            Municipality(code=r["code"], name=r["name"], county_id=r["county_code"])
            for r in rows("kommuner.csv")
        ],
        ignore_conflicts=True,
    )


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


def pytest_runtest_setup(item):
    if is_transactional(item) and connection.in_atomic_block:
        pytest.fail(
            "a transactional test runs inside shared data (shared_database): put it in a "
            "module of its own"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        # Also after a failed teardown, or one failure would fail every test after it.
        if is_transactional(item) and nextitem is not None:
            with item.config.stash[blocking_manager_key].unblock():
                reference_data_restore()


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A Redis for the shared-cache tests: skipped where none runs on 127.0.0.1:6379, unless
    REQUIRE_REDIS=1 (as in CI), where a missing Redis is a failure."""
    if not redis_reachable():
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REQUIRE_REDIS=1 but no Redis answers on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")
    return "redis://127.0.0.1:6379/15"
