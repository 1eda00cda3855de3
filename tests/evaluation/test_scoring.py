"""Scoring: drafts, submission, independence, history, closed rounds, stale saves, results
and their exports."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Criterion
from evaluation.choices import Reveal
from evaluation.models import Scorecard, ScorecardRevision
from evaluation.selectors import round_of_edition
from evaluation.services import ScoreInput, conflict_declare, round_ensure, scorecard_save

pytestmark = pytest.mark.django_db


def score_url(world, entry, number=1):
    return reverse("evaluation:score", args=[world.edition.slug, number, entry.pk])


def criterion(world):
    return Criterion.objects.get(edition=world.edition)


def post(
    world, role, entry, *, value="1", comment="Bra", overall="Helhet", version=0, action="save"
):
    c = criterion(world)
    data = {
        f"score_{c.pk}": value,
        f"comment_{c.pk}": comment,
        "overall_comment": overall,
        "seen_version": version,
        "action": action,
    }
    return world.client_for(role).post(score_url(world, entry), data)


def card(world, role, entry):
    return Scorecard.objects.filter(member__user=world.users[role], entry=entry).first()


def test_the_score_page_shows_the_entry_and_each_step_of_the_scale(world):
    body = world.client_for("juror").get(score_url(world, world.entry_a)).content.decode()
    assert "Växjö är stolt över sina e-tjänster." in body
    assert "0 · Svag" in body
    assert "1 · God" in body


def test_a_draft_is_saved_then_submitted_and_every_save_is_kept(world):
    assert post(world, "juror", world.entry_a, value="", action="save").status_code == 302
    draft = card(world, "juror", world.entry_a)
    assert draft.submitted_at is None
    assert draft.scores.get().value is None
    assert (
        post(world, "juror", world.entry_a, value="1", version=1, action="submit").status_code
        == 302
    )
    submitted = card(world, "juror", world.entry_a)
    assert submitted.submitted_at is not None
    assert submitted.scores.get().value == 1
    assert submitted.overall_comment == "Helhet"
    post(world, "juror", world.entry_a, value="0", comment="Ändrat", version=2, action="submit")
    changed = card(world, "juror", world.entry_a)
    assert changed.submitted_at == submitted.submitted_at
    assert changed.scores.get().value == 0
    revisions = list(ScorecardRevision.objects.filter(scorecard=changed).order_by("version"))
    assert [r.submitted for r in revisions] == [False, True, True]
    c = criterion(world)
    assert [r.scores[str(c.pk)] for r in revisions] == [[None, "Bra"], [1, "Bra"], [0, "Ändrat"]]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"value": "", "action": "submit"}, "Sätt poäng på det här kriteriet innan du skickar in."),
        ({"value": "abc"}, "Välj ett giltigt alternativ"),
        ({"value": "7"}, "Välj ett giltigt alternativ"),
        ({"comment": "x" * 3001}, "som mest 3000 tecken"),
        ({"overall": "x" * 5001}, "som mest 5000 tecken"),
        ({"version": "new"}, "Sidan är inaktuell"),
    ],
    ids=[
        "submit-unscored",
        "wrong-type",
        "off-scale",
        "comment-too-long",
        "overall-too-long",
        "bad-version",
    ],
)
def test_bad_scores_are_refused_with_a_message_and_nothing_saved(world, overrides, message):
    response = post(world, "juror", world.entry_a, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert card(world, "juror", world.entry_a) is None


def test_a_stale_save_changes_nothing_and_keeps_what_the_juror_typed(world):
    post(world, "juror", world.entry_a, value="1", comment="Första fliken")
    response = post(world, "juror", world.entry_a, value="0", comment="Andra fliken", version=0)
    body = response.content.decode()
    assert "sparats i ett annat fönster" in body
    assert "Andra fliken" in body
    saved = card(world, "juror", world.entry_a)
    assert saved.version == 1
    assert saved.scores.get().comment == "Första fliken"


def test_a_closed_round_refuses_changes(world):
    post(world, "juror", world.entry_a, value="1", action="submit")
    scoring_round = round_ensure(edition=world.edition, number=1)
    scoring_round.is_open = False
    scoring_round.save()
    response = post(world, "juror", world.entry_a, value="0", version=1, action="submit")
    assert "Omgången är stängd" in response.content.decode()
    assert card(world, "juror", world.entry_a).scores.get().value == 1


def test_a_conflicted_juror_cannot_score_the_entry(world):
    assert post(world, "conflicted_juror", world.entry_a).status_code == 404
    assert card(world, "conflicted_juror", world.entry_a) is None


def test_extra_fields_do_not_change_what_is_saved(world):
    c = criterion(world)
    data = {
        f"score_{c.pk}": "1",
        "seen_version": 0,
        "action": "save",
        "submitted_at": "2020-01-01",
        "member": world.users["chair"].jury_seats.get().pk,
        "entry": world.entry_b.pk,
    }
    world.client_for("juror").post(score_url(world, world.entry_a), data)
    saved = card(world, "juror", world.entry_a)
    assert saved.submitted_at is None
    assert saved.member.user == world.users["juror"]
    assert card(world, "chair", world.entry_b) is None


def set_reveal(world, reveal):
    scoring_round = round_ensure(edition=world.edition, number=1)
    scoring_round.reveal = reveal
    scoring_round.save()


def others_visible(world, role, entry):
    body = world.client_for(role).get(score_url(world, entry)).content.decode()
    return "Jurymedlemmens hemliga kommentar" in body


def test_other_jurors_scores_appear_only_after_submitting_ones_own(world):
    post(world, "juror", world.entry_a, comment="Jurymedlemmens hemliga kommentar", action="submit")
    assert not others_visible(world, "chair", world.entry_a)
    post(world, "chair", world.entry_a, action="save")
    assert not others_visible(world, "chair", world.entry_a)  # a draft is not enough
    post(world, "chair", world.entry_a, version=1, action="submit")
    assert others_visible(world, "chair", world.entry_a)


def test_reveal_never_and_always(world):
    post(world, "juror", world.entry_a, comment="Jurymedlemmens hemliga kommentar", action="submit")
    set_reveal(world, Reveal.ALWAYS)
    assert others_visible(world, "chair", world.entry_a)
    set_reveal(world, Reveal.NEVER)
    post(world, "chair", world.entry_a, action="submit")
    assert not others_visible(world, "chair", world.entry_a)


def results(world, role, **params):
    url = reverse("evaluation:results", args=[world.edition.slug, 1])
    return world.client_for(role).get(url, params).content.decode()


def test_results_hide_an_entry_from_the_chair_until_the_chair_has_scored_it(world):
    post(world, "juror", world.entry_a, value="1", action="submit")
    assert "Dolt tills du har skickat in" in results(world, "chair")
    assert "Dolt tills du har skickat in" not in results(world, "organiser")
    post(world, "chair", world.entry_a, value="0", action="submit")
    post(world, "chair", world.entry_b, value="0", action="submit")
    body = results(world, "chair")
    assert "Dolt tills du har skickat in" not in body
    assert "50,0" in body  # Växjö: one juror 100 %, the chair 0 %


def test_results_flag_disagreement_and_filter_on_it(world):
    post(world, "juror", world.entry_a, value="1", action="submit")
    post(world, "chair", world.entry_a, value="0", action="submit")
    post(world, "juror", world.entry_b, value="1", action="submit")
    post(world, "chair", world.entry_b, value="1", action="submit")
    flagged = results(world, "organiser", flagged="1")
    assert "Växjö" in flagged
    assert "Sundsvall</th>" not in flagged
    assert ">Sundsvall" not in flagged
    assert "oenighet" in flagged


def export(world, role, fmt):
    url = reverse("evaluation:results-export", args=[world.edition.slug, 1, fmt])
    return world.client_for(role).get(url)


def test_exports_honour_the_viewers_conflicts(world):
    for role in ("juror", "chair"):
        post(world, role, world.entry_a, value="1", action="submit")
        post(world, role, world.entry_b, value="1", action="submit")
    chair_seat = world.users["chair"].jury_seats.get()
    conflict_declare(member=chair_seat, entry=world.entry_b, has_conflict=True, kind="board")
    csv_body = export(world, "chair", "csv").content.decode("utf-8-sig")
    assert "Växjö" in csv_body
    assert "Sundsvall" not in csv_body
    response = export(world, "organiser", "xlsx")
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Bidrag", "Placering", "Jurymedlemmar", "Viktat totalbetyg (%)")
    titles = {row[0] for row in rows[1:]}
    assert titles == {"Växjö", "Sundsvall"}
    # Sundsvall: the chair's card no longer counts (now conflicted), the juror's 100 % does.
    sundsvall = next(row for row in rows if row[0] == "Sundsvall")
    assert sundsvall[2:4] == (1, 100)


def test_an_unknown_export_format_is_not_found(world):
    assert export(world, "organiser", "pdf").status_code == 404


def test_scorecard_save_refuses_an_unassigned_entry_when_jurors_are_assigned(world):
    scoring_round = round_ensure(edition=world.edition, number=1)
    scoring_round.assignment = "per_entry"
    scoring_round.save()
    member = world.users["juror"].jury_seats.get()
    from awards.errors import ActionRefused

    with pytest.raises(ActionRefused):
        scorecard_save(
            member=member,
            scoring_round=round_of_edition(world.edition, 1),
            entry=world.entry_a,
            scores={criterion(world).pk: ScoreInput(1)},
            overall_comment="",
            seen_version=0,
            submit=True,
        )
    assert post(world, "juror", world.entry_a).status_code == 404


def test_the_jury_home_shows_each_jurors_progress_to_the_chair_and_organisers_only(world):
    from django.urls import reverse

    from awards.choices import EditionPhase
    from awards.services import edition_set_phase

    edition_set_phase(edition=world.edition, to_phase=EditionPhase.EVALUATION)
    url = reverse("evaluation:jury-home", args=[world.edition.slug])
    for role in ("chair", "organiser"):
        body = world.client_for(role).get(url).content.decode()
        assert "<progress" in body
        assert str(world.users["conflicted_juror"]) in body
    # A juror sees their own queue, not the others' progress.
    body = world.client_for("juror").get(url).content.decode()
    assert 'id="queue-progress"' in body
    assert "Varje jurymedlems framsteg" not in body


def test_an_empty_submit_marks_every_criterion_still_to_score(world):
    first = criterion(world)
    second = Criterion.objects.create(edition=world.edition, position=2, name="Demokrati", weight=1)
    data = {"overall_comment": "", "seen_version": 0, "action": "submit"}
    response = world.client_for("juror").post(score_url(world, world.entry_a), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    message = ["Sätt poäng på det här kriteriet innan du skickar in."]
    assert errors[f"score_{first.pk}"] == message
    assert errors[f"score_{second.pk}"] == message
    assert card(world, "juror", world.entry_a) is None


def test_the_jurors_home_is_a_queue_and_save_and_next_walks_it(world):
    from awards.choices import EditionPhase
    from awards.services import edition_set_phase
    from evaluation.selectors import round_of_edition, scoring_rows_for_member

    edition_set_phase(edition=world.edition, to_phase=EditionPhase.EVALUATION)
    member = world.users["juror"].jury_seats.get(edition=world.edition)
    first, second = (
        row.entry for row in scoring_rows_for_member(member, round_of_edition(world.edition, 1))
    )
    client = world.client_for("juror")
    home = reverse("evaluation:jury-home", args=[world.edition.slug])
    body = client.get(home).content.decode()
    assert "0 av 2 inskickade" in body
    assert f"Börja: {first.title}" in body

    # "Spara och nästa" keeps a draft and opens the next entry in the juror's own order.
    response = post(world, "juror", first, value="", action="save_next")
    assert response.url == score_url(world, second)
    assert card(world, "juror", first).submitted_at is None
    assert f"Fortsätt: {first.title} (utkast)" in client.get(home).content.decode()

    # With every other entry submitted, there is no next one: back to the round's list.
    post(world, "juror", second, action="submit")
    response = post(world, "juror", first, version=1, action="save_next")
    assert response.url == reverse("evaluation:round", args=[world.edition.slug, 1])
    post(world, "juror", first, version=2, action="submit")
    assert "Alla poäng är inskickade. Tack!" in client.get(home).content.decode()
