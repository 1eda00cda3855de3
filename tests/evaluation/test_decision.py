"""Rankings and the Schulze order, the decision, and the jury's motivation."""

import copy
import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from awards.choices import EditionPhase, EntryStanding
from awards.errors import ActionRefused
from awards.models import Edition, Entry
from awards.services import edition_set_phase
from evaluation.choices import JuryRole, MotivationEventKind, MotivationStatus, Outcome
from evaluation.models import BallotRank, Decision, Motivation, MotivationVersion, StandingDecision
from evaluation.selectors import deliberation_for_viewer, motivation_state
from evaluation.services import (
    ballot_save,
    decision_record,
    meeting_save,
    motivation_draft,
    motivation_finalise,
    motivation_reopen,
    motivation_review,
)
from tests import factories
from tests.conftest import world_grow
from tests.test_access_matrix import named_patterns

pytestmark = pytest.mark.django_db

MOTIVATION = " ".join(["Växjö"] + ["visar vägen"] * 50)


@pytest.fixture(scope="module")
def shared_deliberating(shared_world):
    """Three finalists (Växjö, Sundsvall, Umeå) and Luleå, and the edition deliberating. The
    conflicted juror is conflicted with every entry but Sundsvall."""
    world = shared_world
    world_grow(world, extra_entries=2)
    world.umea = Entry.objects.get(edition=world.edition, title="Umeå")
    world.lulea = Entry.objects.get(edition=world.edition, title="Luleå")
    for entry in (world.entry_a, world.entry_b, world.umea):
        factories.make_finalist(entry)
    for phase in (EditionPhase.EVALUATION, EditionPhase.SITE_VISITS, EditionPhase.DELIBERATION):
        edition_set_phase(edition=world.edition, to_phase=phase)
    world.edition.refresh_from_db()
    return world


@pytest.fixture
def deliberating(shared_deliberating, db):
    return copy.deepcopy(shared_deliberating)


def seat(world, role):
    return world.users[role].jury_seats.get()


def rank(world, role, *entries, seen_version=0):
    return ballot_save(
        member=seat(world, role),
        ranks={e.pk: n for n, e in enumerate(entries, start=1)},
        seen_version=seen_version,
    )


def test_ballot_leaves_out_the_entry_the_juror_is_conflicted_with(deliberating):
    w = deliberating
    with pytest.raises(ActionRefused, match="bara dem"):
        rank(w, "conflicted_juror", w.entry_a, w.entry_b, w.umea)
    rank(w, "conflicted_juror", w.entry_b)
    assert set(BallotRank.objects.values_list("entry__title", "rank")) == {("Sundsvall", 1)}


def test_ballot_must_rank_every_finalist_within_range(deliberating):
    w = deliberating
    with pytest.raises(ActionRefused, match="bara dem"):
        rank(w, "juror", w.entry_a, w.entry_b)
    with pytest.raises(ActionRefused, match="från 1"):
        ballot_save(
            member=seat(w, "juror"),
            ranks={w.entry_a.pk: 1, w.entry_b.pk: 2, w.umea.pk: 9},
            seen_version=0,
        )
    assert not BallotRank.objects.exists()


def test_ballot_from_a_stale_page_changes_nothing(deliberating):
    w = deliberating
    rank(w, "juror", w.entry_a, w.entry_b, w.umea)
    with pytest.raises(ActionRefused, match="ändrats av någon annan"):
        rank(w, "juror", w.umea, w.entry_b, w.entry_a)
    assert BallotRank.objects.get(entry=w.entry_a).rank == 1


def test_experts_do_not_rank_and_nobody_ranks_before_the_visits(deliberating):
    world = deliberating
    every = {e.pk: n for n, e in enumerate((world.entry_a, world.entry_b, world.umea), 1)}
    for phase in (EditionPhase.SITE_VISITS, EditionPhase.EVALUATION):
        edition_set_phase(edition=world.edition, to_phase=phase)
    with pytest.raises(ActionRefused, match="efter platsbesöken"):
        ballot_save(member=seat(world, "juror"), ranks=every, seen_version=0)
    with pytest.raises(ActionRefused, match="Bara jurymedlemmar"):
        ballot_save(member=seat(world, "expert"), ranks=every, seen_version=0)
    assert not BallotRank.objects.exists()


def ballot_url(world):
    return reverse("evaluation:ballot", args=[world.edition.slug])


def place(body, entry):
    """Where the entry's row is on the ranking page."""
    return body.index(f'<span class="ranking-title">{entry.title}</span>')


def ordered(world, *entries, **extra):
    return {"order": ",".join(str(e.pk) for e in entries), "seen_version": "0", **extra}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"order": ""}, "Sidan är inaktuell"),
        ({"order": "x,y"}, "Sidan är inaktuell"),
        ({"order": "A"}, "Sidan är inaktuell"),  # one finalist left out
        ({"seen_version": "3"}, "ändrats av någon annan"),
    ],
)
def test_ballot_form_bad_input_shows_a_message_and_changes_nothing(deliberating, data, message):
    w = deliberating
    values = ordered(w, w.entry_a, w.entry_b, w.umea)
    values.update({k: v.replace("A", str(w.entry_a.pk)) for k, v in data.items()})
    response = w.client_for("juror").post(ballot_url(w), values)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BallotRank.objects.exists()


def test_a_ranking_is_made_by_ordering_with_ties_and_moves_without_javascript(deliberating):
    w = deliberating
    client = w.client_for("juror")
    # A move is a round trip that saves nothing: Umeå goes up one place.
    values = ordered(w, w.entry_a, w.entry_b, w.umea, move=f"{w.umea.pk}:up")
    body = client.post(ballot_url(w), values).content.decode()
    assert place(body, w.umea) < place(body, w.entry_b)
    assert f'value="{w.entry_a.pk},{w.umea.pk},{w.entry_b.pk}"' in body
    assert not BallotRank.objects.exists()
    # Saved with Sundsvall sharing Umeå's place; a tie on the first is no tie.
    values = ordered(w, w.entry_a, w.umea, w.entry_b)
    values.update({f"tie_{w.entry_b.pk}": "on", f"tie_{w.entry_a.pk}": "on"})
    assert client.post(ballot_url(w), values).status_code == 302
    ranks = dict(BallotRank.objects.values_list("entry_id", "rank"))
    assert ranks == {w.entry_a.pk: 1, w.umea.pk: 2, w.entry_b.pk: 2}
    # The page shows the saved ranking again: the tied pair by name, the tie on the second.
    body = client.get(ballot_url(w)).content.decode()
    assert place(body, w.entry_a) < place(body, w.entry_b) < place(body, w.umea)
    assert f'name="tie_{w.umea.pk}" id="id_tie_{w.umea.pk}" checked' in body


def test_deliberation_computes_the_schulze_order_and_hides_the_conflicted_entry(deliberating):
    w = deliberating
    rank(w, "juror", w.entry_a, w.umea, w.entry_b)
    rank(w, "chair", w.entry_a, w.umea, w.entry_b)
    rank(w, "conflicted_juror", w.entry_b)
    chair_view = deliberation_for_viewer(w.users["chair"], w.edition, organiser=False)
    assert [[e.title for e in tier] for tier in chair_view.order] == [
        ["Växjö"],
        ["Umeå"],
        ["Sundsvall"],
    ]
    # The conflicted juror's ballot has no say in any pair with an entry left off it.
    assert chair_view.schulze.pairwise[(w.entry_a.pk, w.umea.pk)] == 2
    assert chair_view.schulze.pairwise[(w.umea.pk, w.entry_b.pk)] == 2
    assert chair_view.schulze.pairwise[(w.entry_b.pk, w.umea.pk)] == 0
    row = next(r for r in chair_view.rows if r.entry == w.entry_a)
    assert [m.user.username for m in row.absent] == ["conflicted"]
    conflicted_view = deliberation_for_viewer(
        w.users["conflicted_juror"], w.edition, organiser=False
    )
    assert {r.entry.title for r in conflicted_view.rows} == {"Sundsvall"}
    body = (
        w.client_for("conflicted_juror")
        .get(reverse("evaluation:deliberation", args=[w.edition.slug]))
        .content.decode()
    )
    assert "Växjö" not in body
    assert "Sundsvall" in body


def decide(w, outcome=Outcome.WINNER, winners=None, mentions=(), reason="", seen_version=0):
    return decision_record(
        edition=w.edition,
        outcome=outcome,
        winners=[w.entry_a] if winners is None else list(winners),
        mentions=list(mentions),
        reason=reason,
        seen_version=seen_version,
        actor=w.users["chair"],
    )


def standings(w):
    return dict(Entry.objects.filter(edition=w.edition).values_list("title", "standing"))


def test_decision_sets_the_standings_with_a_history_row_each(deliberating):
    w = deliberating
    decide(w, mentions=[w.umea])
    assert standings(w) == {
        "Luleå": EntryStanding.ENTRANT,
        "Växjö": EntryStanding.WINNER,
        "Sundsvall": EntryStanding.FINALIST,
        "Umeå": EntryStanding.HONOURABLE_MENTION,
    }
    assert StandingDecision.objects.count() == 2
    decide(w, winners=[w.entry_b], seen_version=1)
    assert standings(w)["Växjö"] == EntryStanding.FINALIST
    assert standings(w)["Sundsvall"] == EntryStanding.WINNER
    assert standings(w)["Umeå"] == EntryStanding.FINALIST
    assert Decision.objects.get().version == 2


def test_no_winner_needs_a_reason_and_no_winning_entry(deliberating):
    w = deliberating
    with pytest.raises(ActionRefused, match="skälet"):
        decide(w, outcome=Outcome.NO_WINNER, winners=[])
    with pytest.raises(ActionRefused, match="inget vinnande"):
        decide(w, outcome=Outcome.NO_WINNER, reason="Ingen nådde ända fram.")
    decision = decide(w, outcome=Outcome.NO_WINNER, winners=[], reason="Ingen nådde ända fram.")
    assert decision.outcome == Outcome.NO_WINNER
    assert EntryStanding.WINNER not in standings(w).values()


def test_decision_refuses_non_finalists_overlaps_the_wrong_phase_and_stale_pages(deliberating):
    w = deliberating
    with pytest.raises(ActionRefused, match="Bara slutnominerade"):
        decide(w, winners=[w.lulea])
    with pytest.raises(ActionRefused, match="både vinna"):
        decide(w, mentions=[w.entry_a])
    decide(w)
    with pytest.raises(ActionRefused, match="ändrats av någon annan"):
        decide(w, winners=[w.entry_b], seen_version=0)
    edition_set_phase(edition=w.edition, to_phase=EditionPhase.DECIDED)
    with pytest.raises(ActionRefused, match="medan juryn överlägger"):
        decide(w, winners=[w.entry_b], seen_version=1)
    assert standings(w)["Växjö"] == EntryStanding.WINNER


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Detta fält måste fyllas i"),
        ({"outcome": "winner"}, "Välj vinnaren"),
        ({"outcome": "no_winner"}, "Ange skälet"),
        ({"outcome": "no_winner", "award_A": "winner", "reason": "x"}, "Utan vinnare väljer du"),
        ({"outcome": "lottery", "award_A": "winner"}, "Välj ett giltigt alternativ"),
        ({"outcome": "winner", "award_A": "emperor"}, "Välj ett giltigt alternativ"),
        ({"outcome": "winner", "award_A": "winner", "reason": "x" * 5001}, "5000"),
        (
            {"outcome": "winner", "award_A": "winner", "seen_version": "4"},
            "ändrats av någon annan",
        ),
    ],
)
def test_decision_form_bad_input_shows_a_message_and_changes_nothing(deliberating, data, message):
    w = deliberating
    values = {f"award_{e.pk}": "none" for e in (w.entry_a, w.entry_b, w.umea)}
    values["seen_version"] = "0"
    values.update({k.replace("_A", f"_{w.entry_a.pk}"): v for k, v in data.items()})
    url = reverse("evaluation:decision", args=[w.edition.slug])
    response = w.client_for("chair").post(url, values)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Decision.objects.exists()
    assert EntryStanding.WINNER not in standings(w).values()


def test_the_chair_conflicted_with_a_finalist_is_not_offered_it(deliberating):
    w = deliberating
    factories.declare_conflict(w.users["chair"], w.umea)
    body = (
        w.client_for("chair")
        .get(reverse("evaluation:decision", args=[w.edition.slug]))
        .content.decode()
    )
    assert f'name="award_{w.entry_a.pk}"' in body
    assert f'name="award_{w.umea.pk}"' not in body


@pytest.fixture
def decided(deliberating):
    decide(deliberating)
    return deliberating


def draft(w, text=MOTIVATION, seen_version=0, **extra):
    return motivation_draft(
        edition=w.edition,
        text=text,
        citation="För en digitalisering som märks.",
        seen_version=seen_version,
        actor=w.users["chair"],
        **extra,
    )


def review(w, role, approved=True, comment="", seen_version=1):
    return motivation_review(
        edition=w.edition,
        member=seat(w, role),
        approved=approved,
        comment=comment,
        seen_version=seen_version,
    )


def test_motivation_needs_the_decision_first(deliberating):
    with pytest.raises(ActionRefused, match="Registrera juryns beslut"):
        draft(deliberating)
    assert not Motivation.objects.exists()


def test_motivation_is_final_once_every_juror_free_of_conflict_approves(decided):
    w = decided
    draft(w)
    state = motivation_state(w.edition)
    # The juror conflicted with Växjö does not approve; the expert does not either.
    assert {m.user.username for m in state.approvers} == {"juror", "chair"}
    with pytest.raises(ActionRefused, match="inte bland"):
        review(w, "conflicted_juror")
    review(w, "juror")
    assert Motivation.objects.get().status == MotivationStatus.DRAFT
    w.edition.refresh_from_db()
    assert w.edition.motivation == ""
    review(w, "chair")
    assert Motivation.objects.get().status == MotivationStatus.FINAL
    w.edition.refresh_from_db()
    assert w.edition.motivation == MOTIVATION
    assert w.edition.citation == "För en digitalisering som märks."
    with pytest.raises(ActionRefused, match="fastställd"):
        draft(w, text="Ändrad", seen_version=1)


def test_a_new_version_needs_new_approvals_and_the_old_review_is_stale(decided):
    w = decided
    draft(w)
    review(w, "juror")
    draft(w, text=MOTIVATION + " Tillägg.", seen_version=1)
    with pytest.raises(ActionRefused, match="ny version"):
        review(w, "chair", seen_version=1)
    review(w, "chair", seen_version=2)
    assert Motivation.objects.get().status == MotivationStatus.DRAFT
    assert MotivationVersion.objects.count() == 2


def test_finalising_without_every_approval_needs_a_recorded_reason(decided):
    w = decided
    draft(w)
    with pytest.raises(ActionRefused, match="ange skälet"):
        motivation_finalise(edition=w.edition, reason="", seen_version=1, actor=w.users["chair"])
    motivation_finalise(
        edition=w.edition,
        reason="En jurymedlem är sjuk; juryn enades på mötet.",
        seen_version=1,
        actor=w.users["chair"],
    )
    motivation = Motivation.objects.get()
    assert motivation.status == MotivationStatus.FINAL
    event = motivation.events.get(kind=MotivationEventKind.FINALISED)
    assert event.note == "En jurymedlem är sjuk; juryn enades på mötet."
    assert event.actor == w.users["chair"]


def test_reopening_is_recorded_and_takes_the_text_off_the_edition(decided):
    w = decided
    draft(w)
    review(w, "juror")
    review(w, "chair")
    with pytest.raises(ActionRefused, match="skälet"):
        motivation_reopen(edition=w.edition, reason=" ", actor=w.users["organiser"])
    motivation_reopen(edition=w.edition, reason="Stavfel i citatet.", actor=w.users["organiser"])
    assert Motivation.objects.get().status == MotivationStatus.DRAFT
    assert Edition.objects.get(pk=w.edition.pk).motivation == ""
    assert list(Motivation.objects.get().events.values_list("kind", flat=True)) == [
        "drafted",
        "approved",
        "approved",
        "finalised",
        "reopened",
    ]
    draft(w, text=MOTIVATION + " Rättad.", seen_version=1)
    assert MotivationVersion.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "", "citation": ""}, "Detta fält måste fyllas i"),
        ({"citation": "x" * 301}, "300"),
        ({"text": "x" * 5001}, "5000"),
        ({"seen_version": "5"}, "ändrats av någon annan"),
        ({"seen_version": "fem"}, "Sidan är inaktuell"),
    ],
)
def test_motivation_form_bad_input_keeps_the_text_and_changes_nothing(decided, data, message):
    w = decided
    values = {
        "text": MOTIVATION,
        "citation": "Ett citat.",
        "seen_version": "0",
        **data,
    }
    url = reverse("evaluation:motivation-draft", args=[w.edition.slug])
    response = w.client_for("chair").post(url, values)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    if values["text"] and len(values["text"]) <= 5000:
        assert MOTIVATION in body
    assert not MotivationVersion.objects.exists()


def test_review_form_needs_a_comment_to_comment(decided):
    w = decided
    draft(w)
    url = reverse("evaluation:motivation-review", args=[w.edition.slug])
    response = w.client_for("juror").post(
        url, {"decision": "comment", "comment": "", "seen_version": "1"}
    )
    assert "Skriv din kommentar" in response.content.decode()
    response = w.client_for("juror").post(
        url, {"decision": "comment", "comment": "Kortare!", "seen_version": "1"}
    )
    assert response.status_code == 302
    assert motivation_state(w.edition).reviews[seat(w, "juror").pk].comment == "Kortare!"


def test_the_motivation_page_is_404_for_a_juror_conflicted_with_the_winner(decided):
    w = decided
    draft(w)
    url = reverse("evaluation:motivation", args=[w.edition.slug])
    assert w.client_for("conflicted_juror").get(url).status_code == 404
    response = w.client_for("conflicted_juror").post(
        reverse("evaluation:motivation-review", args=[w.edition.slug]),
        {"decision": "approve", "seen_version": "1"},
    )
    assert response.status_code == 404


def test_version_history_shows_what_changed(decided):
    w = decided
    draft(w, text="Växjö visar vägen.")
    draft(w, text="Växjö visar vägen för alla.", seen_version=1)
    body = (
        w.client_for("juror")
        .get(reverse("evaluation:motivation", args=[w.edition.slug]))
        .content.decode()
    )
    assert "<del>vägen.</del>" in body
    assert "<ins>vägen för alla.</ins>" in body


def test_experts_see_no_motivation(decided):
    draft(decided)
    url = reverse("evaluation:motivation", args=[decided.edition.slug])
    expert = decided.client_for("expert")
    assert decided.users["expert"].jury_seats.get().role == JuryRole.EXPERT
    assert MOTIVATION[:40] in decided.client_for("juror").get(url).content.decode()
    response = expert.get(url)
    assert response.status_code == 404
    assert MOTIVATION[:40] not in response.content.decode()
    home = expert.get(reverse("evaluation:jury-home", args=[decided.edition.slug]))
    assert home.status_code == 200
    assert url not in home.content.decode()


def test_a_conflict_with_another_entry_does_not_keep_a_juror_from_approving(decided):
    w = decided
    user = factories.make_jury_member(w.edition, JuryRole.JUROR, "juror5")
    factories.declare_conflict(user, w.lulea)
    factories.declare_rest(user, w.edition)
    draft(w)
    approvers = {m.user.username for m in motivation_state(w.edition).approvers}
    assert approvers == {"juror", "chair", "juror5"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"held_at": "i går"}, "giltig"),
        ({"minutes": "x" * 30001}, "30000"),
        ({"attendees": ["999999"]}, "Välj ett giltigt alternativ"),
        ({"seen_version": "2"}, "ändrats av någon annan"),
    ],
)
def test_meeting_form_bad_input_shows_a_message_and_changes_nothing(deliberating, data, message):
    from evaluation.models import JuryMeeting

    w = deliberating
    values = {"held_at": "", "minutes": "Protokoll", "seen_version": "0", **data}
    url = reverse("evaluation:meeting", args=[w.edition.slug])
    response = w.client_for("chair").post(url, values, follow=True)
    assert message in response.content.decode()
    assert not JuryMeeting.objects.exists()


def test_meeting_record_is_saved_and_a_stale_copy_is_refused(deliberating):
    from evaluation.models import JuryMeeting

    w = deliberating
    url = reverse("evaluation:meeting", args=[w.edition.slug])
    client = w.client_for("chair")
    attendees = [str(seat(w, "juror").pk), str(seat(w, "chair").pk)]
    client.post(url, {"minutes": "Första", "attendees": attendees, "seen_version": "0"})
    client.post(url, {"minutes": "Gammal kopia", "seen_version": "0"})
    meeting = JuryMeeting.objects.get()
    assert meeting.minutes == "Första"
    assert {m.user.username for m in meeting.attendees.all()} == {"juror", "chair"}


def test_finalising_from_a_stale_page_is_refused_with_the_reason_kept(decided):
    w = decided
    draft(w)
    draft(w, text=MOTIVATION + " Ny.", seen_version=1)
    url = reverse("evaluation:motivation-finalise", args=[w.edition.slug])
    response = w.client_for("chair").post(
        url, {"reason": "Bråttom till galan.", "seen_version": "1"}
    )
    body = response.content.decode()
    assert "ändrats av någon annan" in body
    assert "Bråttom till galan." in body
    assert Motivation.objects.get().status == MotivationStatus.DRAFT


# --- A member conflicted with a finalist learns nothing of the decision before the moment ---


def crawl_as(world, role) -> dict[str, tuple[int, str]]:
    """Every page of the edition the person could open (each URL that takes only the edition,
    every entry's page, their start page and their data), as status and text, with what
    changes on every request (CSRF tokens, CSP nonces, the export's time) blanked."""
    slug = world.edition.slug
    urls = {reverse("start"), reverse("accounts:my-data"), world.edition.get_absolute_url()}
    for name, pattern in named_patterns():
        if set(pattern.pattern.converters) == {"slug"}:
            urls.add(reverse(name, kwargs={"slug": slug}))
    urls |= {e.get_absolute_url() for e in Entry.objects.filter(edition=world.edition)}
    client = world.client_for(role)
    seen = {}
    for url in sorted(urls):
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        text = body.decode(errors="replace")
        text = re.sub(r'(csrfmiddlewaretoken" value=|nonce=)"[^"]*"', r'\1""', text)
        text = re.sub(r'"exported_at": "[^"]*"', '"exported_at": ""', text)
        seen[url] = (response.status_code, text)
    return seen


def world_where_wins(w, entry):
    """The decision for `entry`, the minutes naming it and the motivation drafted, with the
    announcement still ahead."""
    decide(w, winners=[entry])
    meeting_save(
        edition=w.edition,
        held_at=timezone.now(),
        attendees=list(w.edition.jury.all()),
        minutes=f"Juryn beslutade att utse {entry.title} till vinnare.",
        seen_version=0,
        actor=w.users["chair"],
    )
    draft(w, text=" ".join([entry.title] + ["visar vägen"] * 50))


def test_a_member_conflicted_with_a_finalist_sees_the_same_whoever_wins(deliberating):
    """juror2's case in the demo: conflicted with Växjö, which wins or loses. Before the
    announcement every page they can open is the same in both worlds, down to the status."""
    w = deliberating
    assert w.edition.announce_at > timezone.now()
    worlds = {}
    for winner in (w.entry_a, w.entry_b):  # Växjö, then Sundsvall
        with transaction.atomic():
            world_where_wins(w, winner)
            worlds[winner.title] = crawl_as(w, "conflicted_juror")
            for role in ("juror", "chair"):  # free of conflict: they do see who won
                page = w.client_for(role).get(
                    reverse("evaluation:deliberation", args=[w.edition.slug])
                )
                assert f"utse {winner.title} till vinnare" in page.content.decode()
            transaction.set_rollback(True)
    vaxjo, sundsvall = worlds["Växjö"], worlds["Sundsvall"]
    assert set(vaxjo) == set(sundsvall)
    different = [url for url in vaxjo if vaxjo[url] != sundsvall[url]]
    assert different == [], different
    deliberation = vaxjo[reverse("evaluation:deliberation", args=[w.edition.slug])]
    assert deliberation[0] == 200
    assert "Du har jäv mot en av de slutnominerade" in deliberation[1]
    assert "till vinnare" not in deliberation[1]
    assert vaxjo[reverse("evaluation:motivation", args=[w.edition.slug])][0] == 404


def test_the_motivation_page_shows_where_each_juror_stands(decided):
    w = decided
    draft(w)
    review(w, "juror")
    url = reverse("evaluation:motivation", args=[w.edition.slug])
    body = w.client_for("chair").get(url).content.decode()
    assert "Godkänd av 1 av 2" in body
    assert "✓ godkänd" in body
    assert "○ inte än" in body  # the chair has not reviewed this version yet
