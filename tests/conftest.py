from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client

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
