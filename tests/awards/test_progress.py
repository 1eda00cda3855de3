"""The organiser follows progress: entries by state and county, what is missing, a CSV, and
per-entry extensions and reopening with a reason."""

import csv
import importlib
import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from awards.choices import EntryState
from awards.models import Entry, EntryStateChange
from awards.selectors import entries_for_organiser, participation_by_county
from awards.services import answers_save, entry_reopen, entry_submit, organiser_add
from tests import factories

pytestmark = pytest.mark.django_db


def admin_url(entry, action=None):
    name = f"awards:entry-{action}" if action else "awards:entry-admin"
    return reverse(name, kwargs={"slug": entry.edition.slug, "pk": entry.pk})


def test_missing_counts_required_unanswered_questions(world):
    draft = factories.make_entry(world.edition, "Kiruna", submit=False)
    answers_save(entry=draft, values={world.questions[0]: "Ett svar"}, seen_versions={})
    missing = {e.title: e.missing for e in entries_for_organiser(world.edition)}
    assert missing == {"Växjö": 0, "Sundsvall": 0, "Kiruna": 2}


def test_participation_by_county(world):
    factories.make_entry(world.edition, "Mora", "Orsa", submit=False)
    rows = {row.county.name: row for row in participation_by_county(world.edition)}
    assert (rows["Kronobergs län"].taking_part, rows["Kronobergs län"].municipalities) == (1, 8)
    assert rows["Dalarnas län"].taking_part == 2
    assert rows["Skåne län"].taking_part == 0
    assert len(rows) == 21


def test_progress_page_shows_counties_missing_and_unregistered(world):
    body = (
        world.client_for("organiser")
        .get(reverse("awards:edition-manage", kwargs={"slug": world.edition.slug}))
        .content.decode()
    )
    assert "288 kommuner har inget bidrag." in body
    assert '<meter min="0" max="8" value="1"' in body
    assert "Ystad" in body


def test_csv_lists_entries_with_contacts_and_neutralises_formulas(world):
    Entry.objects.filter(pk=world.entry_b.pk).update(title='=HYPERLINK("http://x")')
    response = world.client_for("organiser").get(
        reverse("awards:edition-entries-csv", kwargs={"slug": world.edition.slug})
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Bidrag"
    by_title = {row[0]: row for row in rows[1:]}
    assert by_title["Växjö"][2] == "Kronobergs län"
    assert world.users["municipality_a"].email in by_title["Växjö"][7]
    assert '\'=HYPERLINK("http://x")' in by_title


def test_extension_lets_a_late_entry_be_written_and_is_recorded(world):
    draft = world.draft_a
    organiser_add(edition=draft.edition, user=world.users["organiser"])
    draft.edition.submission_deadline = timezone.now() - timedelta(hours=1)
    draft.edition.save()
    contact = world.client_for("municipality_a")
    assert not world.users["municipality_a"].has_perm("awards.change_entry", draft)
    until = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = world.client_for("organiser").post(
        admin_url(draft, "extend"), {"extend-until": until, "extend-reason": "Sjukdom"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.deadline_extended_to is not None
    assert EntryStateChange.objects.filter(entry=draft, note__contains="Sjukdom").exists()
    page = contact.get(reverse("awards:entry-section", kwargs={"pk": draft.pk, "position": 1}))
    assert page.status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"extend-until": "", "extend-reason": "x"},
        {"extend-until": "inte ett datum", "extend-reason": "x"},
        {"extend-until": "2020-01-01T10:00", "extend-reason": "Förr"},
        {"extend-until": "2099-01-01T10:00", "extend-reason": ""},
        {"extend-until": "2099-01-01T10:00", "extend-reason": "x" * 501},
    ],
)
def test_extension_bad_input_shows_message_and_changes_nothing(world, data):
    response = world.client_for("organiser").post(admin_url(world.entry_a, "extend"), data)
    assert response.status_code == 200
    form = response.context["extend_form"]
    assert form.errors
    world.entry_a.refresh_from_db()
    assert world.entry_a.deadline_extended_to is None


def test_reopen_sends_a_submitted_entry_back_to_draft_with_the_reason(world):
    response = world.client_for("organiser").post(
        admin_url(world.entry_a, "reopen"), {"reopen-reason": "Fel bilaga bifogad"}
    )
    assert response.status_code == 302
    entry = Entry.objects.get(pk=world.entry_a.pk)
    assert (entry.state, entry.submitted_at) == (EntryState.DRAFT, None)
    change = EntryStateChange.objects.filter(entry=entry).last()
    assert (change.from_state, change.to_state, change.note) == (
        "submitted",
        "draft",
        "Fel bilaga bifogad",
    )
    body = world.client_for("municipality_a").get(entry.get_absolute_url()).content.decode()
    assert "Fel bilaga bifogad" in body


def test_the_first_submission_is_kept_through_reopening_and_resubmitting(world):
    entry = Entry.objects.get(pk=world.entry_a.pk)
    first = entry.first_submitted_at
    assert first == entry.submitted_at
    entry = entry_reopen(entry=entry, reason="Komplettera", actor=world.users["organiser"])
    entry.refresh_from_db()
    assert (entry.submitted_at, entry.first_submitted_at) == (None, first)
    later = first + timedelta(hours=2)
    entry_submit(entry=entry, now=later)
    entry.refresh_from_db()
    assert (entry.submitted_at, entry.first_submitted_at) == (later, first)


def test_the_migration_finds_first_submissions_on_record(world):
    migration = importlib.import_module("awards.migrations.0018_entry_first_submitted")
    entry = world.entry_a
    entry_reopen(entry=entry, reason="Komplettera", actor=world.users["organiser"])
    moves = EntryStateChange.objects.filter(to_state=EntryState.SUBMITTED)
    expected = dict(moves.values_list("entry", "created_at"))
    Entry.objects.update(first_submitted_at=None)
    migration.first_submissions(apps, schema_editor=None)
    first = dict(Entry.objects.values_list("pk", "first_submitted_at"))
    assert first == {**dict.fromkeys(first), **expected}
    assert first[entry.pk] is not None  # reopened, and still known to have been submitted
    assert first[world.draft_a.pk] is None


def test_reopen_without_reason_changes_nothing(world):
    response = world.client_for("organiser").post(
        admin_url(world.entry_a, "reopen"), {"reopen-reason": ""}
    )
    assert response.status_code == 200
    assert response.context["reopen_form"].errors
    assert Entry.objects.get(pk=world.entry_a.pk).state == EntryState.SUBMITTED


def test_reopen_a_draft_is_refused(world):
    organiser_add(edition=world.draft_a.edition, user=world.users["organiser"])
    response = world.client_for("organiser").post(
        admin_url(world.draft_a, "reopen"), {"reopen-reason": "Varför inte"}
    )
    assert response.status_code == 200
    assert "kan inte gå från Utkast till Utkast" in response.content.decode()
    assert Entry.objects.get(pk=world.draft_a.pk).state == EntryState.DRAFT


def test_entry_admin_under_another_editions_address_is_404(world):
    url = reverse(
        "awards:entry-admin", kwargs={"slug": world.draft_a.edition.slug, "pk": world.entry_a.pk}
    )
    assert world.client_for("organiser").get(url).status_code == 404


def test_ruling_not_eligible_needs_a_reason_and_the_municipality_sees_it(world):
    organiser = world.client_for("organiser")
    url = admin_url(world.entry_a, "rule")
    response = organiser.post(url, {"rule-eligible": "no", "rule-reason": ""})
    assert response.status_code == 200
    assert "Ange varför bidraget inte är behörigt" in response.content.decode()
    assert Entry.objects.get(pk=world.entry_a.pk).state == EntryState.SUBMITTED
    organiser.post(url, {"rule-eligible": "no", "rule-reason": "Inte en kommun"})
    entry = Entry.objects.get(pk=world.entry_a.pk)
    assert (entry.state, entry.eligibility_reason) == (EntryState.INELIGIBLE, "Inte en kommun")
    body = world.client_for("municipality_a").get(entry.get_absolute_url()).content.decode()
    assert "Inte godkänt för bedömning" in body
    assert "Inte en kommun" in body
    assert not world.users["juror"].has_perm("awards.view_entry", entry)


def test_ruling_eligible_keeps_the_entry_with_the_jury(world):
    world.client_for("organiser").post(
        admin_url(world.entry_a, "rule"), {"rule-eligible": "yes", "rule-reason": ""}
    )
    entry = Entry.objects.get(pk=world.entry_a.pk)
    assert entry.state == EntryState.ELIGIBLE
    assert world.users["juror"].has_perm("awards.view_entry", entry)
    assert not world.users["conflicted_juror"].has_perm("awards.view_entry", entry)


def test_ruling_on_a_draft_is_refused(world):
    organiser_add(edition=world.draft_a.edition, user=world.users["organiser"])
    response = world.client_for("organiser").post(
        admin_url(world.draft_a, "rule"), {"rule-eligible": "yes"}
    )
    assert response.status_code == 200  # the refusal, on the form
    assert Entry.objects.get(pk=world.draft_a.pk).state == EntryState.DRAFT


def test_ruling_with_a_forged_choice_changes_nothing(world):
    response = world.client_for("organiser").post(
        admin_url(world.entry_a, "rule"), {"rule-eligible": "winner", "rule-reason": "x"}
    )
    assert response.context["rule_form"].errors
    assert Entry.objects.get(pk=world.entry_a.pk).state == EntryState.SUBMITTED
