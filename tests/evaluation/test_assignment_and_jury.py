"""Inviting the jury, automatic and manual assignment, and marks on passages."""

import re

import pytest
from auditlog.models import LogEntry
from django.core import mail, signing
from django.tasks import default_task_backend
from django.urls import reverse

from awards.errors import ActionRefused
from awards.models import Invitation
from awards.tasks import send_invitation
from evaluation.choices import AssignmentMode, JuryRole
from evaluation.models import Assignment, ConflictDeclaration, JuryMember, PassageMark
from evaluation.selectors import entries_to_score, round_of_edition
from evaluation.services import (
    ScoreInput,
    assignment_set,
    assignments_make,
    round_ensure,
    scorecard_save,
)
from tests.conftest import world_grow

pytestmark = pytest.mark.django_db


def members_url(world):
    return reverse("evaluation:jury-members", args=[world.edition.slug])


def test_an_organiser_invites_a_new_juror_who_gets_a_seat_and_a_mail(
    world, django_capture_on_commit_callbacks
):
    data = {
        "email": "Ny.Jurymedlem@Vinnova.example.org",
        "name": "Nina Ny",
        "role": "juror",
        "affiliation": "Vinnova",
        "capacity": "12",
    }
    before = len(default_task_backend.results)
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for("organiser").post(members_url(world), data)
    assert response.status_code == 302
    [result] = default_task_backend.results[before:]
    assert send_invitation.call(*result.args)
    member = JuryMember.objects.get(edition=world.edition, user__display_name="Nina Ny")
    assert (member.role, member.affiliation, member.capacity) == ("juror", "Vinnova", 12)
    invitation = Invitation.objects.get(user=member.user)
    assert invitation.edition == world.edition
    assert invitation.municipality is None
    [message] = mail.outbox
    assert "juryn för" in message.subject
    # The link's token is signed with the moment of sending (a second may have passed since).
    [token] = re.findall(r"/invitation/([^/\s]+)/", message.body)
    assert signing.loads(token, salt=Invitation.SALT) == invitation.pk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": ""}, "Detta fält måste fyllas i"),
        ({"email": "inte-en-adress"}, "Fyll i en giltig e-postadress"),
        ({"role": "king"}, "Välj ett giltigt alternativ"),
        ({"capacity": "många"}, "Fyll i ett heltal"),
        ({"capacity": "0"}, "större än eller lika med 1"),
        ({"affiliation": "x" * 201}, "som mest 200 tecken"),
        ({"email": "juror@example.org"}, "Personen sitter redan i juryn."),
        ({"role": "chair"}, "redan en juryordförande"),
    ],
)
def test_a_bad_invitation_is_refused_and_changes_nothing(world, data, message):
    before = JuryMember.objects.count(), Invitation.objects.count()
    payload = {"email": "ny@example.org", "name": "Ny", "role": "juror", **data}
    response = world.client_for("organiser").post(members_url(world), payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (JuryMember.objects.count(), Invitation.objects.count()) == before


def test_a_member_who_has_scored_stays_on_the_record(world):
    member = world.users["juror"].jury_seats.get()
    scorecard_save(
        member=member,
        scoring_round=round_of_edition(world.edition, 1),
        entry=world.entry_a,
        scores={},
        overall_comment="",
        seen_version=0,
        submit=False,
    )
    url = reverse("evaluation:jury-member-remove", args=[world.edition.slug, member.pk])
    response = world.client_for("organiser").post(url, follow=True)
    assert "står kvar i juryns register" in response.content.decode()
    assert JuryMember.objects.filter(pk=member.pk).exists()


def test_a_member_who_has_not_scored_is_taken_off_the_jury(world):
    """The juror has declared on both entries: the declarations go with the seat, each on
    the edition's trail."""
    member = world.users["juror"].jury_seats.get()
    declared = list(member.declarations.values_list("pk", flat=True))
    assert len(declared) == 2
    url = reverse("evaluation:jury-member-remove", args=[world.edition.slug, member.pk])
    client = world.client_for("organiser")
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "evaluation:jury-members", args=[world.edition.slug]
    )
    assert f"{member.user} är inte längre med i juryn." in response.content.decode()
    assert not JuryMember.objects.filter(pk=member.pk).exists()
    assert not ConflictDeclaration.objects.filter(pk__in=declared).exists()
    trail = LogEntry.objects.filter(
        content_type__model="conflictdeclaration", action=LogEntry.Action.DELETE
    )
    assert sorted(int(pk) for pk in trail.values_list("object_pk", flat=True)) == sorted(declared)
    assert client.post(url).status_code == 404


def per_entry_round(world, k):
    scoring_round = round_ensure(edition=world.edition, number=1)
    scoring_round.assignment = AssignmentMode.PER_ENTRY
    scoring_round.jurors_per_entry = k
    scoring_round.save()
    return scoring_round


def test_automatic_assignment_balances_load_and_respects_conflicts_and_capacity(world):
    world_grow(world, extra_entries=6, extra_jurors=2)
    scoring_round = per_entry_round(world, 2)
    chair = world.users["chair"].jury_seats.get()
    chair.capacity = 1
    chair.save()
    kept = Assignment.objects.create(
        round=scoring_round, member=world.users["juror"].jury_seats.get(), entry=world.entry_b
    )
    added = assignments_make(scoring_round=scoring_round, seed=7)
    assignments = list(Assignment.objects.filter(round=scoring_round).select_related("member"))
    assert Assignment.objects.filter(pk=kept.pk).exists()
    assert added == len(assignments) - 1
    per_entry = {}
    load = {}
    for a in assignments:
        per_entry[a.entry_id] = per_entry.get(a.entry_id, 0) + 1
        load[a.member_id] = load.get(a.member_id, 0) + 1
        assert not a.member.declarations.filter(
            entry=a.entry, has_conflict=True, ruling__in=("pending", "confirmed")
        ).exists()
    assert set(per_entry.values()) == {2}
    assert load[chair.pk] == 1
    # The conflicted juror may only take Sundsvall; the other jurors share the rest evenly.
    conflicted = world.users["conflicted_juror"].jury_seats.get()
    free = [n for m, n in load.items() if m not in (chair.pk, conflicted.pk)]
    assert len(free) == 3
    assert max(free) - min(free) <= 1
    # Running it again adds nothing: every entry has its jurors.
    assert assignments_make(scoring_round=scoring_round, seed=7) == 0


def test_a_juror_sees_only_assigned_entries_and_the_organiser_adjusts_by_hand(world):
    scoring_round = per_entry_round(world, 1)
    member = world.users["juror"].jury_seats.get()
    assert list(entries_to_score(member, scoring_round)) == []
    client = world.client_for("organiser")

    def url(action, seat, entry=world.entry_a):
        return reverse(f"evaluation:{action}", args=[world.edition.slug, 1, seat.pk, entry.pk])

    client.post(url("assignment-add", member))
    assert list(entries_to_score(member, scoring_round)) == [world.entry_a]
    conflicted = world.users["conflicted_juror"].jury_seats.get()
    response = client.post(url("assignment-add", conflicted), follow=True)
    assert "jävig" in response.content.decode()
    assert not Assignment.objects.filter(member=conflicted).exists()
    client.post(url("assignment-remove", member))
    assert list(entries_to_score(member, scoring_round)) == []
    # An entry of another edition, or no such member, is not found; nothing changes.
    assert client.post(url("assignment-add", member, world.draft_a)).status_code == 404
    assert not Assignment.objects.exists()


def test_automatic_assignment_from_the_round_page(world):
    client = world.client_for("organiser")
    auto = reverse("evaluation:assignments-auto", args=[world.edition.slug, 1])
    response = client.post(auto, follow=True)
    assert "Spara omgångens inställningar först." in response.content.decode()
    per_entry_round(world, 1)
    response = client.post(auto, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "evaluation:round-settings", args=[world.edition.slug, 1]
    )
    assert "2 tilldelningar har lagts till." in response.content.decode()
    assert Assignment.objects.count() == 2


def test_a_juror_who_has_begun_scoring_is_not_unassigned(world):
    scoring_round = per_entry_round(world, 1)
    member = world.users["juror"].jury_seats.get()
    assignment_set(scoring_round=scoring_round, member=member, entry=world.entry_a, assigned=True)
    scorecard_save(
        member=member,
        scoring_round=scoring_round,
        entry=world.entry_a,
        scores={},
        overall_comment="",
        seen_version=0,
        submit=False,
    )
    with pytest.raises(ActionRefused):
        assignment_set(
            scoring_round=scoring_round, member=member, entry=world.entry_a, assigned=False
        )


def test_round_settings_refuse_a_stale_save(world):
    url = reverse("evaluation:round-settings", args=[world.edition.slug, 1])
    client = world.client_for("organiser")
    data = {
        "is_open": "on",
        "reveal": "always",
        "assignment": "all",
        "jurors_per_entry": "3",
        "closes_at": "",
        "seen_version": "1",
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "reveal": "never"})
    assert "Någon annan har ändrat omgången" in response.content.decode()
    assert round_of_edition(world.edition, 1).reveal == "always"
    response = client.post(url, {**data, "jurors_per_entry": "0", "seen_version": "2"})
    assert response.status_code == 200
    assert round_of_edition(world.edition, 1).jurors_per_entry == 3


def mark_url(world, entry):
    return reverse("evaluation:mark-add", args=[world.edition.slug, entry.pk])


def test_a_juror_marks_a_passage_quoted_from_the_answer(world):
    question = world.questions[0]
    client = world.client_for("juror")
    data = {
        "question": question.pk,
        "passage": "stolt över  sina",
        "kind": "verify",
        "note": "Fråga om",
    }
    client.post(mark_url(world, world.entry_a), data)
    mark = PassageMark.objects.get()
    assert mark.passage == "stolt över sina"
    assert mark.member.user == world.users["juror"]
    score_page = client.get(
        reverse("evaluation:score", args=[world.edition.slug, 1, world.entry_a.pk])
    ).content.decode()
    assert "«stolt över sina»" in score_page
    response = client.post(
        mark_url(world, world.entry_a), {**data, "passage": "påhittad mening"}, follow=True
    )
    assert "Textavsnittet finns inte i det här svaret" in response.content.decode()
    assert PassageMark.objects.count() == 1


def test_a_conflicted_juror_cannot_mark_and_nobody_removes_anothers_mark(world):
    question = world.questions[0]
    data = {"question": question.pk, "passage": "stolt", "kind": "verify"}
    response = world.client_for("conflicted_juror").post(mark_url(world, world.entry_a), data)
    assert response.status_code == 404
    assert not PassageMark.objects.exists()
    world.client_for("juror").post(mark_url(world, world.entry_a), data)
    mark = PassageMark.objects.get()
    url = reverse("evaluation:mark-delete", args=[world.edition.slug, mark.pk])
    assert world.client_for("chair").post(url).status_code == 404
    assert PassageMark.objects.exists()
    world.client_for("juror").post(url)
    assert not PassageMark.objects.exists()


def test_scoring_reaches_only_jurors_and_chair(world):
    expert = world.users["expert"].jury_seats.get()
    assert expert.role == JuryRole.EXPERT
    with pytest.raises(ActionRefused):
        scorecard_save(
            member=expert,
            scoring_round=round_of_edition(world.edition, 1),
            entry=world.entry_a,
            scores={1: ScoreInput(1)},
            overall_comment="",
            seen_version=0,
            submit=False,
        )
