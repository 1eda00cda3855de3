"""The visit, deliberation and public pages run the same number of queries for 3 finalists
and 5 jurors as for 5 finalists and 7 jurors (each finalist visited, with notes, a report,
marks and every juror's ranking), and the public archive the same for 1 and 13 past
editions. The ceilings are the counts measured at both sizes."""

import copy
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.choices import EditionPhase
from awards.models import Edition, Entry
from awards.services import edition_set_phase, edition_walk_to_phase, entry_set_standing
from evaluation.choices import MarkKind, Outcome
from evaluation.models import InterviewQuestion, PassageMark
from evaluation.selectors import rankable_finalists_for_member
from evaluation.services import (
    Person,
    ballot_save,
    decision_record,
    interviewees_confirm,
    meeting_save,
    motivation_draft,
    motivation_review,
    notes_save,
    report_save,
)
from tests import factories
from tests.conftest import build_world, second_factor_queries, shared_database

pytestmark = pytest.mark.django_db


def finals_world(finalists):
    world = build_world(extra_entries=finalists - 2, extra_jurors=finalists - 1)
    edition = world.edition
    Edition.objects.filter(pk=edition.pk).update(
        finalists_announce_at=timezone.now() - timedelta(days=10)
    )
    edition.refresh_from_db()
    entries = list(Entry.objects.filter(edition=edition).order_by("pk"))
    for entry in entries:
        factories.make_finalist(entry)
    for user in (world.users["expert"], *(m.user for m in edition.jury.filter(role="juror"))):
        factories.declare_rest(user, edition)
    for theme in ("leadership", "results", "culture"):
        InterviewQuestion.objects.create(edition=edition, theme=theme, text=f"Fråga om {theme}")
    for phase in (EditionPhase.EVALUATION, EditionPhase.SITE_VISITS):
        edition_set_phase(edition=edition, to_phase=phase)
    visitors = [world.users[r] for r in ("juror", "chair", "expert")]
    world.visits = []
    for entry in entries:
        free = visitors
        visit = factories.make_visit(entry, free)
        interviewees_confirm(
            visit=visit,
            people=[Person("Anna Ek", "director"), Person("Bo Lund", "cio")],
            seen_version=1,
            actor=world.users["municipality_a"],
        )
        for user in free:
            notes_save(
                visit=visit,
                member=user.jury_seats.get(),
                texts={"results": "Bra", "culture": "Öppen"},
                seen_version=0,
                share=True,
            )
        report_save(visit=visit, text="Rapport", seen_version=1, share=True, actor=visitors[1])
        PassageMark.objects.create(
            member=world.users["juror"].jury_seats.get(),
            entry=entry,
            question=world.questions[0],
            passage="svar",
            kind=MarkKind.VERIFY,
        )
        world.visits.append(visit)
    edition_set_phase(edition=edition, to_phase=EditionPhase.DELIBERATION)
    for member in edition.jury.filter(role__in=("juror", "chair")):
        ranks = {e.pk: n for n, e in enumerate(rankable_finalists_for_member(member), start=1)}
        ballot_save(member=member, ranks=ranks, seen_version=0)
    meeting_save(
        edition=edition,
        held_at=timezone.now(),
        attendees=list(edition.jury.all()),
        minutes="Protokoll",
        seen_version=0,
        actor=world.users["chair"],
    )
    chair = world.users["chair"]
    decision_record(
        edition=edition,
        outcome=Outcome.WINNER,
        winners=[world.entry_b],
        mentions=[],
        reason="",
        seen_version=0,
        actor=chair,
    )
    for n in (1, 2):
        motivation_draft(
            edition=edition, text=f"Text {n}", citation="C", seen_version=n - 1, actor=chair
        )
    motivation_review(
        edition=edition,
        member=world.users["juror"].jury_seats.get(),
        approved=True,
        comment="",
        seen_version=2,
    )
    return world


@pytest.fixture(scope="module", params=[3, 5])
def shared_finals_world(request, django_db_setup, django_db_blocker):
    with shared_database(django_db_blocker):
        yield finals_world(request.param)


@pytest.fixture
def finals(shared_finals_world, db):
    """The module's finals of the test's size (3 or 5 finalists)."""
    return copy.deepcopy(shared_finals_world)


def slug_url(name):
    return lambda w: reverse(f"evaluation:{name}", args=[w.edition.slug])


def visit_url(name):
    return lambda w: reverse(f"evaluation:{name}", args=[w.edition.slug, w.visits[0].pk])


PAGES = {
    "visits-juror": ("juror", slug_url("visits"), 19),
    "visits-organiser": ("organiser", slug_url("visits"), 20),
    "visit-juror": ("juror", visit_url("visit"), 29),
    "visit-notes": ("juror", visit_url("visit-notes"), 25),
    "visit-report": ("chair", visit_url("visit-report"), 23),
    "visit-guide": ("expert", visit_url("visit-guide"), 19),
    "question-bank": ("organiser", slug_url("question-bank"), 12),
    "visit-entrant": (
        "municipality_b",
        lambda w: reverse("evaluation:visit-entrant", args=[w.visits[1].pk]),
        12,
    ),
    "deliberation-chair": ("chair", slug_url("deliberation"), 28),
    "deliberation-organiser": ("organiser", slug_url("deliberation"), 27),
    "ballot": ("juror", slug_url("ballot"), 16),
    "decision": ("chair", slug_url("decision"), 21),
    "motivation": ("juror", slug_url("motivation"), 22),
    "preview": (
        "organiser",
        lambda w: reverse("awards:edition-preview", args=[w.edition.slug]),
        13,
    ),
}


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_finals_pages_are_constant_for_3_and_5_finalists(
    page, finals, django_assert_max_num_queries
):
    role, url, ceiling = PAGES[page]
    world = finals
    client = world.client_for(role)
    with django_assert_max_num_queries(ceiling + second_factor_queries(role)):
        response = client.get(url(world))
    assert response.status_code == 200


def archive(past):
    """An award with `past` decided editions, each with three finalists and a winner."""
    award = factories.make_award()
    names = ["Kalix", "Nacka", "Malmö", "Umeå", "Falkenberg", "Karlstad", "Lidingö", "Värmdö"]
    for n in range(past):
        year = 2001 + 2 * n
        gala = timezone.now() - timedelta(days=400 * (past - n))
        edition = factories.make_edition(
            award,
            year=year,
            registration_opens_at=gala - timedelta(days=300),
            submission_deadline=gala - timedelta(days=200),
            finalists_announce_at=gala - timedelta(days=100),
            announce_at=gala,
            motivation=f"Motivering {year}",
        )
        entries = [factories.make_entry(edition, names[(n + i) % len(names)]) for i in range(3)]
        edition_walk_to_phase(edition=edition, to_phase=EditionPhase.DECIDED)
        entry_set_standing(entry=entries[0], standing="winner")
        for entry in entries[1:]:
            entry_set_standing(entry=entry, standing="finalist")
    return award


PUBLIC = {
    # Each page on a visitor's first visit (later ones come from the cache), with the next
    # announcement moment of any edition, until which the copy is kept.
    "home": (lambda a: reverse("awards:home"), 4),
    "award": (lambda a: a.get_absolute_url(), 5),
    # On a visitor's first visit (later ones come from the cache): 6, the publication moment
    # and the jury on record.
    "edition": (lambda a: a.editions.order_by("year").first().get_absolute_url(), 8),
    "municipality": (lambda a: reverse("awards:municipality", args=["0182"]), 5),
    "municipalities": (lambda a: reverse("awards:municipalities"), 3),
}


@pytest.mark.parametrize("page", PUBLIC)
def test_public_archive_pages_are_constant_for_1_and_13_past_editions(
    page, client, django_assert_max_num_queries
):
    url, ceiling = PUBLIC[page]
    counts = []
    for past in (1, 13):
        award = archive(past)
        with django_assert_max_num_queries(ceiling):
            counts.append(count(client, url(award)))
        Entry.objects.filter(edition__award=award).delete()
        award.editions.all().delete()
    assert counts[0] == counts[1], counts
