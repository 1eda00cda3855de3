from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.security import requires_second_factor
from awards.choices import QuestionKind
from awards.models import (
    Attachment,
    Criterion,
    Edition,
    Entry,
    Invitation,
    Municipality,
    Question,
)
from awards.services import contact_invite
from evaluation.choices import JuryRole
from tests import factories

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

    def client_for(self, role) -> Client:
        client = Client()
        if role != "anonymous":
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
    others = ["Umeå", "Luleå", "Gävle", "Borås", "Kiruna", "Örebro", "Halmstad", "Nacka"]
    if extra_entries > len(others):
        taken = {*others, "Växjö", "Sundsvall"}
        others += list(
            Municipality.objects.exclude(name__in=taken)
            .order_by("code")
            .values_list("name", flat=True)[: extra_entries - len(others)]
        )
    for name in others[:extra_entries]:
        entry = factories.make_entry(edition, name, answers={questions[0]: f"{name} svarar."})
        factories.make_contact(name)
        factories.declare_conflict(users["conflicted_juror"], entry, kind="other")
    for _ in range(extra_jurors):
        juror = factories.make_jury_member(edition, JuryRole.JUROR)
        factories.declare_conflict(juror, entry_b, kind="supplier")
    for role in ("juror", "conflicted_juror", "chair", "expert"):
        factories.declare_rest(users[role], edition)
    second = factories.make_edition(edition.award, year=edition.year + 2)
    factories.make_questionnaire(second)
    draft_a = factories.make_entry(second, "Växjö", submit=False)
    invitation = contact_invite(
        municipality=factories.municipality("Umeå"),
        email="ny.kontakt@umea.example.org",
        name="Ny Kontakt",
        invited_by=users["organiser"],
    )
    return World(edition, entry_a, entry_b, users, questions, draft_a, invitation)


@pytest.fixture
def world(db) -> World:
    return build_world()
