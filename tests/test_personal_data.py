"""Personal data: a person downloads what is held about them; an organiser anonymises a
contact or nominator while entries and the jury's record stay; the retention rule removes an
edition's personal data after its years."""

import json
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.personal_data import personal_data, unclassified
from awards.models import Attachment, Edition, Entry, Nomination, OutboxMessage
from awards.tasks import send_outbox_message
from evaluation.models import Interviewee
from evaluation.services import Person, interviewees_confirm, notes_save, report_save
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def nominate(world, email):
    return Nomination.objects.create(
        edition=world.edition,
        municipality=factories.municipality("Umeå"),
        nominator_name="Nina Nominerare",
        nominator_email=email,
        nominator_organisation="Föreningen",
        reason="De delar allt.",
    )


def test_a_person_downloads_everything_held_about_them_without_secrets(world):
    contact = world.users["municipality_a"]
    nominate(world, contact.email.upper())
    response = world.client_for("municipality_a").get(reverse("accounts:my-data"))
    assert response["Content-Disposition"].startswith('attachment; filename="juryrum-')
    data = json.loads(response.content)
    assert data["account"]["email"] == contact.email
    assert "password" not in data["account"]
    assert data["records"]["awards.MunicipalityContact"][0]["municipality"]
    assert data["records"]["awards.Nomination"][0]["nominator_name"] == "Nina Nominerare"
    juror = json.loads(world.client_for("juror").get(reverse("accounts:my-data")).content)
    assert "evaluation.ConflictDeclaration" in juror["records"]
    device = juror["records"]["otp_totp.TOTPDevice"][0]
    assert "key" not in device


def anonymise(world, email, confirm=True):
    data = {"email": email, "action": "anonymise"}
    if confirm:
        data["confirm"] = "on"
    return world.client_for("organiser").post(
        reverse("awards:personal-data", args=[world.edition.slug]), data, follow=True
    )


def test_an_organiser_anonymises_a_contact_and_the_entry_stays(world):
    contact = world.users["municipality_a"]
    old_email, old_name = contact.email, contact.username
    nominate(world, old_email)
    submitted_by_trail = LogEntry.objects.count()
    page = world.client_for("organiser").get(
        reverse("awards:personal-data", args=[world.edition.slug]), {"email": old_email}
    )
    assert "nomineringar" in page.content.decode().lower()
    response = anonymise(world, old_email)
    assert "Personen är anonymiserad" in response.content.decode()
    contact.refresh_from_db()
    assert contact.username == f"anonymised-{contact.pk}"
    assert contact.email.endswith("@anonymised.invalid")
    assert not contact.is_active
    assert not contact.has_usable_password()
    assert (
        Client()
        .post(reverse("accounts:login"), {"username": old_name, "password": PASSWORD})
        .status_code
        == 200
    )
    nomination = Nomination.objects.get(edition=world.edition)
    assert nomination.nominator_name == ""
    assert nomination.nominator_email.endswith("@anonymised.invalid")
    # The entry and its answers are intact; the trail grew and holds no trace of the person.
    assert Entry.objects.get(pk=world.entry_a.pk).answers.exists()
    assert LogEntry.objects.count() > submitted_by_trail
    for entry in LogEntry.objects.all():
        text = json.dumps(entry.changes) + entry.object_repr
        assert old_email not in text
    assert LogEntry.objects.filter(changes__has_key="anonymised").exists()


def test_a_juror_is_not_anonymised(world):
    juror = world.users["juror"]
    Nomination.objects.create(
        edition=world.edition,
        municipality=factories.municipality("Umeå"),
        nominator_name="Juror",
        nominator_email=juror.email,
        reason="x",
    )
    response = anonymise(world, juror.email)
    assert "namnet finns kvar i protokollet" in response.content.decode()
    juror.refresh_from_db()
    assert juror.is_active


def test_bad_requests_say_why_and_change_nothing(world):
    contact = world.users["municipality_a"]
    url = reverse("awards:personal-data", args=[world.edition.slug])
    client = world.client_for("organiser")
    unknown = client.get(url, {"email": "okand@example.org"}).content.decode()
    assert "Ingen kontaktperson" in unknown
    invalid = client.get(url, {"email": "inte en adress"}).content.decode()
    assert "giltig e-postadress" in invalid
    unconfirmed = anonymise(world, contact.email, confirm=False).content.decode()
    assert "Detta fält måste fyllas i" in unconfirmed
    contact.refresh_from_db()
    assert contact.is_active
    stranger = factories.make_contact("Kiruna", "kiruna")
    response = anonymise(world, stranger.email)
    assert "Ingen kontaktperson" in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.is_active


def test_retention_removes_personal_data_after_its_years_and_keeps_the_record(world):
    Edition.objects.filter(pk=world.edition.pk).update(
        retention_years=2, announce_at=timezone.now() - timedelta(days=10)
    )
    nominate(world, "nina@example.org")
    world.stage("outbox_message", "finalist")
    visit = factories.make_visit(world.entry_a, [world.users["chair"]])
    Interviewee.objects.create(visit=visit, name="Ingrid Intervjuad", role="cio")
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "No edition is past its retention time" in out.getvalue()
    assert Attachment.objects.filter(entry=world.entry_a).exists()

    with time_machine.travel(timezone.now() + timedelta(days=2 * 366), tick=False):
        dry = StringIO()
        call_command("apply_retention", "--dry-run", stdout=dry)
        assert "Due:" in dry.getvalue()
        assert Attachment.objects.filter(entry=world.entry_a).exists()
        out = StringIO()
        call_command("apply_retention", stdout=out)
    assert "attachments 1" in out.getvalue()
    assert not Attachment.objects.filter(entry__edition=world.edition).exists()
    assert not OutboxMessage.objects.filter(edition=world.edition).exists()
    assert not Interviewee.objects.filter(visit=visit).exists()
    nomination = Nomination.objects.get(nominator_organisation="")
    assert nomination.nominator_name == ""
    # The record stays: entries, answers, the visit, the jury's declarations.
    assert Entry.objects.get(pk=world.entry_a.pk).answers.exists()
    assert world.edition.jury.exists()
    world.edition.refresh_from_db()
    assert world.edition.personal_data_removed_at is not None
    again = StringIO()
    call_command("apply_retention", stdout=again)
    assert "No edition is past its retention time" in again.getvalue()


def test_retention_years_are_checked_on_the_settings_form(world):
    from awards.forms import EditionSettingsForm

    form = EditionSettingsForm(data={"retention_years": "aldrig"}, instance=world.edition)
    assert not form.is_valid()
    assert "retention_years" in form.errors


# --- What a person takes away is what is theirs ---------------------------------------------


def test_every_model_that_can_reach_a_person_is_classed():
    """A new model linked to a person (or to what links to one) must be classed as theirs, not
    theirs, or theirs from a moment on (accounts.personal_data.classify) before it ships."""
    assert unclassified() == []


def my_data(world, role):
    return json.loads(world.client_for(role).get(reverse("accounts:my-data")).content)


def visited(world):
    """Växjö a public finalist, visited by the juror, the chair and the expert: the chair's
    report, the juror's private notes, the chair's shared notes and jury-only logistics; the
    municipality's contact has confirmed who the jury meets."""
    Edition.objects.filter(pk=world.edition.pk).update(
        finalists_announce_at=timezone.now() - timedelta(days=1)
    )
    factories.make_finalist(world.entry_a)
    factories.declare_rest(world.users["expert"], world.edition)
    visit = factories.make_visit(
        world.entry_a,
        [world.users[r] for r in ("juror", "chair", "expert")],
        logistics="Hemlig logistik: taxi 07.40",
    )
    seat = {r: world.users[r].jury_seats.get() for r in ("juror", "chair")}
    notes_save(visit=visit, member=seat["juror"], texts={"results": "Privat tanke"}, seen_version=0)
    notes_save(
        visit=visit,
        member=seat["chair"],
        texts={"culture": "Delad iakttagelse"},
        seen_version=0,
        share=True,
    )
    visit = interviewees_confirm(
        visit=visit,
        people=[Person("Anna Ek", "director")],
        seen_version=visit.version,
        actor=world.users["municipality_a"],
    )
    report_save(
        visit=visit,
        text="Juryns rapport om Växjö",
        seen_version=1,
        share=True,
        actor=world.users["chair"],
    )
    return visit


def test_a_contact_takes_away_the_interviewees_they_confirmed_not_the_jurys_visit(world):
    visited(world)
    text = json.dumps(my_data(world, "municipality_a"), ensure_ascii=False)
    assert "Anna Ek" in text
    assert "interviewees_confirmed_at" in text
    for secret in ("Juryns rapport", "Privat tanke", "Delad iakttagelse", "Hemlig logistik"):
        assert secret not in text
    other = json.dumps(my_data(world, "municipality_b"), ensure_ascii=False)
    assert "Anna Ek" not in other


def test_a_jury_member_takes_away_their_own_notes_only(world):
    visited(world)
    juror = json.dumps(my_data(world, "juror"), ensure_ascii=False)
    assert "Privat tanke" in juror
    assert "Delad iakttagelse" not in juror
    assert "Hemlig logistik" not in juror
    chair = json.dumps(my_data(world, "chair"), ensure_ascii=False)
    assert "Delad iakttagelse" in chair
    assert "Juryns rapport om Växjö" in chair  # they wrote it
    assert "Privat tanke" not in chair


def test_a_decision_mail_is_in_the_export_only_once_it_was_sent_at_the_moment(
    world, django_capture_on_commit_callbacks
):
    """The decision is made and its mails prepared and queued, the gala two days ahead: the
    winner's contact finds nothing of it in their export until the mail has gone out."""
    Entry.objects.filter(pk=world.entry_a.pk).update(standing="winner")
    gala = timezone.now().replace(microsecond=0) + timedelta(days=2)
    Edition.objects.filter(pk=world.edition.pk).update(
        finalists_announce_at=timezone.now() - timedelta(days=30), announce_at=gala
    )
    message = OutboxMessage.objects.create(
        edition=world.edition,
        entry=world.entry_a,
        kind=OutboxMessage.Kind.WINNER,
        recipient=world.users["municipality_a"],
        email=world.users["municipality_a"].email,
        language="sv",
        subject="Grattis",
        body="Ni har vunnit. Juryns motivering: ...",
        status=OutboxMessage.Status.QUEUED,
        send_after=gala,
    )
    assert "vunnit" not in json.dumps(my_data(world, "municipality_a"), ensure_ascii=False)
    with time_machine.travel(gala + timedelta(minutes=1)):
        assert send_outbox_message.call(message.pk) is True
        data = personal_data(world.users["municipality_a"])
    assert data["records"]["awards.OutboxMessage"][0]["body"].startswith("Ni har vunnit")
    # Sent, but the moment moved back later afterwards: still not shown before it.
    Edition.objects.filter(pk=world.edition.pk).update(announce_at=gala + timedelta(days=5))
    with time_machine.travel(gala + timedelta(days=1)):
        assert "awards.OutboxMessage" not in personal_data(world.users["municipality_a"])["records"]
