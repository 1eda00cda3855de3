"""Plain factory functions. They build data through the services, as the app itself does."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from awards.choices import EditionPhase, EntryStanding, QuestionKind
from awards.models import Award, Edition, Entry, Municipality, Question, Section
from awards.services import (
    answer_save,
    contact_add,
    edition_walk_to_phase,
    entry_create,
    entry_submit,
    organiser_add,
)
from evaluation.models import JuryMember
from evaluation.selectors import declaration_candidates
from evaluation.services import VisitDetails, conflict_declare, jury_member_add, visit_save

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def make_user(username=None, **extra):
    n = next(_counter)
    username = username or f"user{n}"
    user = get_user_model().objects.create_user(
        username=username, email=extra.pop("email", f"{username}@example.org"), **extra
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def make_award(**extra):
    n = next(_counter)
    return Award.objects.create(name=extra.pop("name", f"Award {n}"), slug=f"award-{n}", **extra)


def make_edition(award=None, *, phase=EditionPhase.REGISTRATION, year=2027, **extra):
    award = award or make_award()
    now = timezone.now()
    defaults = {
        "name": f"{award.name}",
        "slug": f"{award.slug}-{year}",
        "registration_opens_at": now - timedelta(days=30),
        "submission_deadline": now + timedelta(days=30),
        "finalists_announce_at": now + timedelta(days=90),
        "announce_at": now + timedelta(days=200),
    }
    defaults.update(extra)
    edition = Edition.objects.create(award=award, year=year, **defaults)
    return edition_walk_to_phase(edition=edition, to_phase=phase)


def make_questionnaire(edition, *, questions=3):
    section = Section.objects.create(edition=edition, position=1, title="Egenbeskrivning")
    return [
        Question.objects.create(
            section=section,
            position=i,
            kind=QuestionKind.LONG_TEXT,
            text=f"Fråga {i}",
            text_en=f"Question {i}",
            word_limit=300,
        )
        for i in range(1, questions + 1)
    ]


def municipality(name):
    return Municipality.objects.get(name=name)


def make_entry(edition, *names, submit=True, answers=None):
    """An entry for the named municipalities, answered and (by default) submitted."""
    entry = entry_create(edition=edition, municipalities=[municipality(n) for n in names])
    answers = dict(answers or {})
    if submit:
        for question in Question.objects.filter(section__edition=edition, required=True):
            answers.setdefault(question, f"{entry.title}: svar på {question.text.lower()}")
    for question, text in answers.items():
        answer_save(
            entry=entry,
            question=question,
            text=text,
            now=edition.submission_deadline - timedelta(days=2),
        )
    if submit:
        original_phase = edition.phase
        if original_phase != EditionPhase.REGISTRATION:
            edition_walk_to_phase(edition=edition, to_phase=EditionPhase.REGISTRATION)
        entry_submit(entry=entry, now=edition.submission_deadline - timedelta(days=1))
        if original_phase != EditionPhase.REGISTRATION:
            edition_walk_to_phase(edition=edition, to_phase=original_phase)
    entry.refresh_from_db()
    return entry


def make_contact(name, username=None):
    user = make_user(username)
    contact_add(municipality=municipality(name), user=user)
    return user


def make_jury_member(edition, role, username=None, affiliation=""):
    user = make_user(username)
    jury_member_add(edition=edition, user=user, role=role, affiliation=affiliation)
    return user


def make_organiser(edition, username=None):
    user = make_user(username)
    organiser_add(edition=edition, user=user)
    return user


def declare_conflict(user, entry, kind="employment"):
    member = user.jury_seats.get(edition=entry.edition)
    return conflict_declare(member=member, entry=entry, has_conflict=True, kind=kind)


def declare_rest(user, edition):
    """The member declares no conflict on every entry they have not declared on yet."""
    member = user.jury_seats.get(edition=edition)
    for entry in declaration_candidates(member).exclude(conflict_declarations__member=member):
        conflict_declare(member=member, entry=entry, has_conflict=False)
    return member


def make_finalist(entry):
    """The entry is a finalist (as if the chair had shortlisted it)."""
    Entry.objects.filter(pk=entry.pk).update(standing=EntryStanding.FINALIST)
    entry.standing = EntryStanding.FINALIST
    return entry


def make_visit(entry, users, *, starts_at=None, mode="on_site", **extra):
    """A visit to a finalist by the given people (jury members of the entry's edition)."""
    starts_at = starts_at or timezone.now() + timedelta(days=20)
    details = {
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=3),
        "mode": mode,
        "address": "Stadshuset, Västra Esplanaden 18" if mode == "on_site" else "",
        "meeting_url": "https://meet.example.org/besok" if mode == "digital" else "",
        "agenda": "09.00 Välkomna",
        "logistics": "Tåget går 06.10",
        **extra,
    }
    members = list(JuryMember.objects.filter(edition_id=entry.edition_id, user__in=users))
    return visit_save(entry=entry, details=VisitDetails(**details), participants=members)
