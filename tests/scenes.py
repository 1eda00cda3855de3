"""Later moments of the test world, for the pages that only exist once the award has moved on:
a finalist, a site visit, the decision, a message in the outbox, a partner invitation.

`world.stage(name)` sets one up inside the test that asks for it (the test's own copy of the
world and its transaction undo it) and keeps what was made on the world, so that a test reads
`w.visit` rather than building it.
"""

from django.utils import timezone

from awards.choices import EntryStanding
from awards.models import Edition, Entry, Nomination, OutboxMessage, PartnerInvitation
from evaluation.choices import Outcome
from evaluation.models import Decision, InterviewQuestion
from evaluation.services import motivation_draft, notes_save
from tests import factories

QUESTION = "Vem äger utvecklingen av e-tjänsterna?"
LOGISTICS = "Tåget går 06.10"  # as factories.make_visit writes it
PRIVATE_NOTE = "Privat anteckning"
MOTIVATION = "Juryns hemliga motivering om Växjö."


def finalist(w) -> None:
    """Entry A is a finalist, not yet announced."""
    factories.make_finalist(w.entry_a)


def visit(w) -> None:
    """Entry A an announced finalist, visited by the juror, the chair and the expert, with a
    question in the bank and the juror's private notes."""
    Edition.objects.filter(pk=w.edition.pk).update(
        finalists_announce_at=timezone.now() - timezone.timedelta(days=1)
    )
    factories.make_finalist(w.entry_a)
    factories.declare_rest(w.users["expert"], w.edition)
    InterviewQuestion.objects.create(edition=w.edition, theme="organisation", text=QUESTION)
    w.visit = factories.make_visit(w.entry_a, [w.users[r] for r in ("juror", "chair", "expert")])
    notes_save(
        visit=w.visit,
        member=w.users["juror"].jury_seats.get(),
        texts={"results": PRIVATE_NOTE},
        seen_version=0,
    )


def decision(w) -> None:
    """Entry A has won (under embargo) and the chair has drafted the motivation."""
    factories.make_finalist(w.entry_a)
    Entry.objects.filter(pk=w.entry_a.pk).update(standing=EntryStanding.WINNER)
    Decision.objects.create(edition=w.edition, outcome=Outcome.WINNER, decided_by=w.users["chair"])
    motivation_draft(
        edition=w.edition,
        text=MOTIVATION,
        citation="För ett skäl.",
        seen_version=0,
        actor=w.users["chair"],
    )


def outbox_message(w) -> None:
    """A finalist message to Växjö waits in the outbox."""
    w.outbox_message = OutboxMessage.objects.create(
        edition=w.edition,
        entry=w.entry_a,
        kind=OutboxMessage.Kind.FINALIST,
        email="kontakt@vaxjo.example.org",
        language="sv",
        subject="Till Växjö",
        body="Grattis",
    )


def partner_invitation(w) -> None:
    """Municipality A's draft asks Sundsvall (municipality B, with no entry in that edition)
    to join it."""
    w.partner_invitation = PartnerInvitation.objects.create(
        entry=w.draft_a,
        municipality=factories.municipality("Sundsvall"),
        invited_by=w.users["municipality_a"],
    )


def nomination(w) -> None:
    """A visitor has nominated Luleå; the organisers have not looked at it yet."""
    w.nomination = Nomination.objects.create(
        edition=w.edition,
        municipality=factories.municipality("Luleå"),
        nominator_name="Nina Nominerare",
        nominator_email="nina@example.org",
        reason="Luleå gör det enkelt att lämna synpunkter.",
    )


SCENES = {
    scene.__name__: scene
    for scene in (finalist, visit, decision, outbox_message, partner_invitation, nomination)
}
