"""The public record: the archive says what is on record and nothing else, organisers
correct and complete it in the app (each change on the audit trail), and an award's own
names for its stages are used wherever a standing is named."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from awards.choices import EditionPhase, EntryStanding
from awards.errors import ActionRefused
from awards.models import Edition, Entry, JurorOnRecord
from awards.services import (
    edition_record_add,
    edition_record_update,
    jurors_on_record_save,
    record_entry_add,
    record_entry_remove,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(world):
    return world.users["organiser"]


@pytest.fixture
def past(world, organiser):
    """2015 as the record knows it: the winner, nothing else."""
    edition = edition_record_add(
        award=world.edition.award,
        year=2015,
        name="Sveriges IT-kommun",
        slug="it-2015",
        actor=organiser,
    )
    record_entry_add(
        edition=edition,
        municipalities=[factories.municipality("Helsingborg")],
        standing=EntryStanding.WINNER,
        actor=organiser,
    )
    return edition_record_update(edition=edition, actor=organiser, finalists_known=False)


@pytest.fixture
def as_organiser(world):
    return world.client_for("organiser")


def record_url(edition, name="awards:edition-record", **kwargs):
    return reverse(name, kwargs={"slug": edition.slug, **kwargs})


def record_form(edition, **changes):
    data = {
        "seen": edition.updated_at.isoformat(),
        "announced_on": "",
        "venue": "",
        "partners": "",
        "finalists_known": "on" if edition.finalists_known else "",
        "citation": "",
        "citation_en": "",
        "motivation": "",
        "motivation_en": "",
        "motivation_source": "",
        "benefits": "",
        "benefits_en": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def public_text(client, edition, language="sv"):
    client.cookies["django_language"] = language
    response = client.get(edition.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_past_edition_says_what_it_does_not_know(client, past):
    page = public_text(client, past)
    assert "Helsingborg" in page
    assert "Motiveringen finns inte registrerad." in page
    assert "Slutnominerade ej kända" in page
    assert "Datumet finns inte registrerat." in page
    # Nothing the record does not hold: no phase, no organiser borrowed from today's award.
    assert "Fas" not in page
    assert "Arrangör" not in page
    assert "Juryns motivering</h3>" in page  # the heading, over the sentence that says so
    award = client.get(past.award.get_absolute_url()).content.decode()
    assert "ej kända" in award


def test_the_archive_is_public_without_dates(past):
    assert past.announce_at is None
    assert past.decision_is_public()
    assert past.finalists_are_public()
    # An edition that runs here with no announcement moment set stays under embargo.
    running = factories.make_edition(past.award, year=2031, announce_at=None)
    assert not running.decision_is_public()
    assert not running.finalists_are_public()


def test_an_organiser_completes_the_record_and_the_trail_says_so(as_organiser, client, past):
    response = as_organiser.post(
        record_url(past),
        record_form(
            past,
            announced_on="2015-11-10",
            venue="Svenska Mässan, Göteborg",
            partners="Kvalitetsmässan och SKL",
            citation="För en stad som delar med sig.",
            motivation="Juryns ord om Helsingborg.",
            motivation_source="Pressmeddelande från Kvalitetsmässan, 10 november 2015",
            benefits="Rätt att använda utmärkelsens logotyp till nästa vinnare.",
        ),
    )
    assert response.status_code == 302
    past.refresh_from_db()
    assert timezone.localtime(past.announce_at).date().isoformat() == "2015-11-10"
    page = public_text(client, past)
    assert "10 november 2015" in page
    assert "12:00" not in page  # the time is not on record, so it is not shown
    for text in (
        "Svenska Mässan, Göteborg",
        "Kvalitetsmässan och SKL",
        "För en stad som delar med sig.",
        "Juryns ord om Helsingborg.",
        "Källa: Pressmeddelande från Kvalitetsmässan, 10 november 2015",
        "Rätt att använda utmärkelsens logotyp",
    ):
        assert text in page
    assert "Motiveringen finns inte registrerad." not in page
    [change] = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Edition),
        object_pk=str(past.pk),
        action=LogEntry.Action.UPDATE,
        changes__has_key="motivation",
    )
    assert change.actor.username == past.organisers.get().user.username


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"motivation": "Juryns ord."}, "motivation_source", "Ange var motiveringen publicerades"),
        ({"citation": "x" * 301}, "citation", "som mest 300 tecken"),
        ({"announced_on": "förra hösten"}, "announced_on", "Fyll i ett giltigt datum"),
        ({"venue": "x" * 201}, "venue", "som mest 200 tecken"),
    ],
)
def test_bad_input_is_shown_at_the_field_and_changes_nothing(
    as_organiser, past, changes, field, message
):
    before = Edition.objects.filter(pk=past.pk).values().get()
    response = as_organiser.post(record_url(past), record_form(past, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert Edition.objects.filter(pk=past.pk).values().get() == before


def test_a_save_over_a_colleagues_newer_change_is_refused(as_organiser, past, organiser):
    form = record_form(past, venue="Mässan")
    edition_record_update(edition=past, actor=organiser, venue="Kongresshallen")
    response = as_organiser.post(record_url(past), form)
    assert "Någon annan har ändrat uppgifterna" in response.content.decode()
    assert 'value="Mässan"' in response.content.decode()  # the input is kept
    past.refresh_from_db()
    assert past.venue == "Kongresshallen"


def test_nothing_under_embargo_can_be_recorded(as_organiser, world):
    edition = world.edition
    page = as_organiser.get(record_url(edition)).content.decode()
    assert "Uppgifterna kan ändras när vinnaren har offentliggjorts." in page
    assert 'name="motivation"' not in page
    response = as_organiser.post(
        record_url(edition), record_form(edition, motivation="Läckt", motivation_source="x")
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.motivation == ""
    response = as_organiser.post(record_url(edition, "awards:record-jury"), {})
    assert response.status_code == 302
    assert not JurorOnRecord.objects.filter(edition=edition).exists()
    with pytest.raises(ActionRefused):
        edition_record_update(edition=edition, actor=None, motivation="Läckt")


def test_winners_and_finalists_are_added_corrected_and_removed(as_organiser, client, past):
    add = record_url(past, "awards:record-entry-add")
    lund = factories.municipality("Lund")
    response = as_organiser.post(add, {"municipalities": [lund.pk], "standing": "finalist"})
    assert response.status_code == 302
    entry = Entry.objects.get(edition=past, municipalities=lund)
    assert entry.standing == EntryStanding.FINALIST
    # Helsingborg is on the record already: said in words, nothing added.
    helsingborg = factories.municipality("Helsingborg")
    response = as_organiser.post(add, {"municipalities": [helsingborg.pk], "standing": "finalist"})
    assert "Har redan ett bidrag i" in response.content.decode()
    assert past.entries.count() == 2
    # An empty choice: the message at the field, nothing added.
    response = as_organiser.post(add, {"standing": "finalist"})
    assert "municipalities" in response.context["add_form"].errors
    assert past.entries.count() == 2
    # Corrected to an honourable mention, then off the record.
    response = as_organiser.post(
        record_url(past, "awards:record-entry", pk=entry.pk),
        {f"entry-{entry.pk}-standing": "honourable_mention"},
    )
    entry.refresh_from_db()
    assert entry.standing == EntryStanding.HONOURABLE_MENTION
    response = as_organiser.post(
        record_url(past, "awards:record-entry", pk=entry.pk),
        {f"entry-{entry.pk}-standing": "entrant"},
    )
    entry.refresh_from_db()
    assert entry.standing == EntryStanding.HONOURABLE_MENTION  # not a standing of the record
    as_organiser.post(record_url(past, "awards:record-entry-remove", pk=entry.pk))
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_an_entry_of_an_edition_that_ran_here_stays(world, organiser):
    edition = factories.make_edition(world.edition.award, year=2013, phase=EditionPhase.DECIDED)
    Edition.objects.filter(pk=edition.pk).update(announce_at=timezone.now() - timedelta(days=1))
    edition.refresh_from_db()
    entry = factories.make_entry(edition, "Karlstad")
    with pytest.raises(ActionRefused):
        record_entry_remove(entry=entry, actor=organiser)
    with pytest.raises(ActionRefused):
        record_entry_add(
            edition=edition,
            municipalities=[factories.municipality("Lund")],
            standing=EntryStanding.WINNER,
            actor=organiser,
        )


def jury_form(*rows):
    data = {
        "jury-TOTAL_FORMS": str(len(rows)),
        "jury-INITIAL_FORMS": "0",
        "jury-MIN_NUM_FORMS": "0",
        "jury-MAX_NUM_FORMS": "30",
    }
    for i, (name, affiliation, chair) in enumerate(rows):
        data[f"jury-{i}-name"] = name
        data[f"jury-{i}-affiliation"] = affiliation
        if chair:
            data[f"jury-{i}-chair"] = "on"
    return data


def test_the_jury_on_record(as_organiser, client, past):
    url = record_url(past, "awards:record-jury")
    as_organiser.post(
        url,
        jury_form(("Anna Andersson", "SKL", True), ("Bo Berg", "Vinnova", False), ("", "", False)),
    )
    assert list(past.jurors_on_record.values_list("name", "chair")) == [
        ("Anna Andersson", True),
        ("Bo Berg", False),
    ]
    page = public_text(client, past)
    assert "Anna Andersson, SKL (ordförande)" in page
    juror_type = ContentType.objects.get_for_model(JurorOnRecord)
    before = LogEntry.objects.filter(content_type=juror_type).count()
    # One member's affiliation changes: one entry on the trail, not a new jury.
    as_organiser.post(url, jury_form(("Anna Andersson", "SKL", True), ("Bo Berg", "DIGG", False)))
    assert LogEntry.objects.filter(content_type=juror_type).count() == before + 1
    # Two chairs, or an affiliation without a name: said, and nothing changes.
    for rows, message in [
        ((("A", "", True), ("B", "", True)), "En jury har en ordförande."),
        ((("", "Vinnova", False),), "Ange ledamotens namn eller töm raden."),
    ]:
        response = as_organiser.post(url, jury_form(*rows))
        assert message in response.content.decode()
        assert list(past.jurors_on_record.values_list("name", "affiliation")) == [
            ("Anna Andersson", "SKL"),
            ("Bo Berg", "DIGG"),
        ]


def test_a_past_edition_is_added_through_the_app(as_organiser, world, organiser):
    url = record_url(world.edition, "awards:past-edition-add")
    response = as_organiser.post(
        url, {"year": 2019, "name": "Sveriges DigitaliseringsKommun", "slug": "sdk-2019"}
    )
    edition = Edition.objects.get(slug="sdk-2019")
    assert response["Location"] == record_url(edition)
    assert edition.recorded_afterwards
    assert edition.phase == EditionPhase.DECIDED
    assert edition.organisers.get().user == organiser
    # The same year again: refused in words, nothing created.
    response = as_organiser.post(
        url, {"year": 2019, "name": "Sveriges DigitaliseringsKommun", "slug": "sdk-2019-b"}
    )
    assert "har redan en omgång för 2019" in response.content.decode()
    assert not Edition.objects.filter(slug="sdk-2019-b").exists()


def test_an_award_names_its_own_stages(world, client):
    award = world.edition.award
    award.finalist_name, award.finalist_plural = "Nominerad", "Nominerade"
    award.finalist_name_en, award.finalist_plural_en = "Nominee", "Nominees"
    award.save()
    entry = world.entry_a
    Entry.objects.filter(pk=entry.pk).update(standing=EntryStanding.FINALIST)
    Edition.objects.filter(pk=world.edition.pk).update(
        finalists_announce_at=timezone.now() - timedelta(minutes=1)
    )
    page = public_text(client, world.edition)
    assert '<h2 id="finalists">Nominerade</h2>' in page
    assert "Slutnominerade" not in page
    assert '<h2 id="finalists">Nominees</h2>' in public_text(client, world.edition, "en")
    contact = world.client_for("municipality_a")
    assert "Nominerad" in contact.get(reverse("awards:entry-list")).content.decode()
    municipality = Client().get(
        reverse("awards:municipality", args=[entry.municipalities.get().code])
    )
    assert ">Nominerad<" in municipality.content.decode()
    with translation.override("sv"):
        assert award.stage_name(EntryStanding.LONG_LIST, plural=True) == "Nominerade"
        award.finalist_name = ""
        assert award.stage_name(EntryStanding.FINALIST) == "Slutnominerad"


@pytest.mark.parametrize("size", [1, 12])
def test_the_record_page_runs_the_same_queries_for_few_and_many(
    as_organiser, past, organiser, size, django_assert_max_num_queries
):
    names = ["Lund", "Ystad", "Kiruna", "Luleå", "Gävle", "Borås", "Mora", "Orsa", "Nacka"]
    for name in names[: size - 1 if size > 1 else 0]:
        record_entry_add(
            edition=past,
            municipalities=[factories.municipality(name)],
            standing=EntryStanding.FINALIST,
            actor=organiser,
        )
    jurors_on_record_save(
        edition=past,
        jurors=[
            {"name": f"Ledamot {i}", "affiliation": "SKR", "chair": i == 0} for i in range(size)
        ],
        actor=organiser,
    )
    with django_assert_max_num_queries(10):
        response = as_organiser.get(record_url(past))
    assert response.status_code == 200
