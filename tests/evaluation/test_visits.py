"""Site visits: planning, the municipality's interviewees, notes, the report, the interview
guide (HTML and PDF) and the calendar file."""

import copy
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from awards.errors import ActionRefused
from evaluation.choices import MarkKind
from evaluation.models import (
    ConflictDeclaration,
    Interviewee,
    InterviewQuestion,
    PassageMark,
    SiteVisit,
    VisitNotes,
)
from evaluation.selectors import interview_guide, shared_notes
from evaluation.services import (
    VisitDetails,
    notes_save,
    report_save,
    visit_save,
)
from tests import factories
from tests.conftest import world_grow

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_finals(shared_world):
    """World with entry A (Växjö) a public finalist; the expert has declared on it."""
    world = shared_world
    world.edition.finalists_announce_at = timezone.now() - timedelta(days=1)
    world.edition.save()
    factories.make_finalist(world.entry_a)
    factories.make_finalist(world.entry_b)
    factories.declare_rest(world.users["expert"], world.edition)
    return world


@pytest.fixture
def finals(shared_finals, db):
    return copy.deepcopy(shared_finals)


def seat(world, role):
    return world.users[role].jury_seats.get()


def details(**extra):
    starts = timezone.now() + timedelta(days=10)
    values = {
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "mode": "on_site",
        "address": "Stadshuset",
        **extra,
    }
    return VisitDetails(**values)


def test_visit_save_never_takes_a_conflicted_visitor(finals):
    with pytest.raises(ActionRefused, match="är jävig för"):
        visit_save(
            entry=finals.entry_a,
            details=details(),
            participants=[seat(finals, "juror"), seat(finals, "conflicted_juror")],
        )
    assert not SiteVisit.objects.exists()


def test_visit_save_refuses_an_entry_that_is_not_a_finalist(finals):
    world_grow(finals, extra_entries=1)
    umea = finals.edition.entries.get(title="Umeå")
    with pytest.raises(ActionRefused, match="Bara slutnominerade"):
        visit_save(entry=umea, details=details(), participants=[seat(finals, "juror")])
    assert not SiteVisit.objects.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"ends_at": timezone.now()}, "sluta efter"),
        ({"address": ""}, "adressen"),
        ({"mode": "digital", "address": ""}, "möteslänken"),
    ],
)
def test_visit_save_checks_time_and_place(finals, extra, message):
    with pytest.raises(ActionRefused, match=message):
        visit_save(
            entry=finals.entry_a, details=details(**extra), participants=[seat(finals, "juror")]
        )


def test_visit_save_from_a_stale_form_changes_nothing(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    visit_save(
        entry=finals.entry_a,
        details=details(agenda="Ny agenda"),
        participants=[seat(finals, "juror")],
        visit=visit,
        seen_version=1,
    )
    with pytest.raises(ActionRefused, match="ändrats av någon annan"):
        visit_save(
            entry=finals.entry_a,
            details=details(agenda="Gammal agenda"),
            participants=[seat(finals, "chair")],
            visit=visit,
            seen_version=1,
        )
    visit.refresh_from_db()
    assert visit.agenda == "Ny agenda"
    assert list(visit.participants.all()) == [seat(finals, "juror")]


def plan_post(world, **data):
    url = reverse("evaluation:visit-plan", args=[world.edition.slug, world.entry_a.pk])
    starts = timezone.localtime() + timedelta(days=10)
    values = {
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "on_site",
        "address": "Stadshuset, Växjö",
        "participants": [seat(world, "juror").pk, seat(world, "chair").pk],
        "agenda": "09.00 Välkomna",
        "logistics": "",
        "seen_version": "0",
        **data,
    }
    return world.client_for("organiser").post(url, values)


def test_organiser_plans_a_visit_and_lands_on_it(finals):
    response = plan_post(finals)
    visit = SiteVisit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:visit", args=[finals.edition.slug, visit.pk])
    assert {m.user.username for m in visit.participants.all()} == {"juror", "chair"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"starts_at": "", "ends_at": ""}, "Detta fält måste fyllas i"),
        ({"starts_at": "i morgon"}, "giltig"),
        ({"address": ""}, "Ange adressen"),
        ({"agenda": "x" * 5001}, "5000"),
        ({"participants": []}, "Detta fält måste fyllas i"),
        ({"seen_version": "x"}, "Sidan är inaktuell"),
    ],
)
def test_visit_form_bad_input_shows_a_message_and_changes_nothing(finals, data, message):
    response = plan_post(finals, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SiteVisit.objects.exists()


def test_visit_form_offers_no_conflicted_member(finals):
    url = reverse("evaluation:visit-plan", args=[finals.edition.slug, finals.entry_a.pk])
    body = finals.client_for("organiser").get(url).content.decode()
    assert f'value="{seat(finals, "juror").pk}"' in body
    assert f'value="{seat(finals, "conflicted_juror").pk}"' not in body
    response = plan_post(finals, participants=[seat(finals, "conflicted_juror").pk])
    assert response.status_code == 200
    assert not SiteVisit.objects.exists()


def entrant_post(world, visit, **data):
    values = {"seen_version": str(visit.version), **data}
    url = reverse("evaluation:visit-entrant", args=[visit.pk])
    return world.client_for("municipality_a").post(url, values)


def test_municipality_confirms_its_interviewees(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    response = entrant_post(
        finals,
        visit,
        name_0="Anna Ek",
        role_0="director",
        title_0="Kommundirektör",
        name_1="Carin Holm",
        role_1="cio",
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.interviewees_confirmed_by == finals.users["municipality_a"]
    assert [(p.name, p.role) for p in visit.interviewees.all()] == [
        ("Anna Ek", "director"),
        ("Carin Holm", "cio"),
    ]
    body = finals.client_for("juror").get(
        reverse("evaluation:visit", args=[finals.edition.slug, visit.pk])
    )
    assert "Anna Ek" in body.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Ange minst en person"),
        ({"name_0": "Anna Ek"}, "Välj personens roll"),
        ({"role_0": "cio"}, "Ange personens namn"),
        ({"name_0": "A" * 201, "role_0": "cio"}, "200"),
        ({"name_0": "Anna", "role_0": "king"}, "Välj ett giltigt alternativ"),
        ({"name_0": "Anna", "role_0": "cio", "seen_version": "0"}, "ändrats av någon annan"),
    ],
)
def test_interviewees_bad_input_keeps_the_text_and_changes_nothing(finals, data, message):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    response = entrant_post(finals, visit, **data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    if data.get("name_0"):
        assert data["name_0"][:50] in body
    assert not Interviewee.objects.exists()
    visit.refresh_from_db()
    assert visit.interviewees_confirmed_at is None


def test_visit_is_hidden_from_the_municipality_until_the_finalists_are_public(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    entry_page = finals.entry_a.get_absolute_url()
    client = finals.client_for("municipality_a")
    assert (
        reverse("evaluation:visit-entrant", args=[visit.pk])
        in client.get(entry_page).content.decode()
    )
    finals.edition.finalists_announce_at = timezone.now() + timedelta(days=1)
    finals.edition.save()
    assert (
        reverse("evaluation:visit-entrant", args=[visit.pk])
        not in client.get(entry_page).content.decode()
    )
    assert client.get(reverse("evaluation:visit-entrant", args=[visit.pk])).status_code == 404
    assert client.get(reverse("evaluation:visit-ics", args=[visit.pk])).status_code == 404


def test_notes_are_private_until_shared_and_stay_shared(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"], finals.users["chair"]])
    juror = seat(finals, "juror")
    notes = notes_save(visit=visit, member=juror, texts={"results": "Halverad tid"}, seen_version=0)
    assert list(shared_notes(visit)) == []
    notes = notes_save(
        visit=visit, member=juror, texts={"results": "Halverad tid"}, seen_version=1, share=True
    )
    notes = notes_save(
        visit=visit, member=juror, texts={"results": "Halverad tid, belagt"}, seen_version=2
    )
    assert notes.shared_at is not None
    assert [n.texts for n in shared_notes(visit)] == [{"results": "Halverad tid, belagt"}]


def test_an_autosave_read_before_the_share_and_written_after_it_does_not_unshare(
    finals, monkeypatch
):
    # The Share button's save and an autosave of the same page arrive together: the autosave
    # reads the notes, the share is saved, then the autosave writes. The notes stay shared.
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    juror = seat(finals, "juror")
    texts = {"results": "Halverad tid"}
    notes_save(visit=visit, member=juror, texts=texts, seen_version=0, page="p1")
    real_now = timezone.now

    def share_meanwhile():
        monkeypatch.setattr(timezone, "now", real_now)
        notes_save(visit=visit, member=juror, texts=texts, seen_version=1, share=True, page="p1")
        return real_now()

    monkeypatch.setattr(timezone, "now", share_meanwhile)
    notes = notes_save(visit=visit, member=juror, texts=texts, seen_version=1, page="p1")
    assert timezone.now is real_now  # the share did run in between
    assert notes.shared_at is not None
    assert [n.texts for n in shared_notes(visit)] == [texts]


def test_notes_from_a_second_device_do_not_overwrite_unseen(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    juror = seat(finals, "juror")
    notes_save(visit=visit, member=juror, texts={"culture": "Från telefonen"}, seen_version=0)
    url = reverse("evaluation:visit-notes", args=[finals.edition.slug, visit.pk])
    response = finals.client_for("juror").post(
        url, {"seen_version": "0", "culture": "Från datorn", "action": "save"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "ändrats av någon annan" in body
    assert "Från datorn" in body
    assert "Från telefonen" in body  # the other version, shown beside
    assert VisitNotes.objects.get().texts == {"culture": "Från telefonen"}
    # Saving again from this page is a deliberate choice, and it goes through.
    again = finals.client_for("juror").post(
        url, {"seen_version": "1", "culture": "Från datorn", "action": "save"}
    )
    assert again.status_code == 302
    assert VisitNotes.objects.get().texts == {"culture": "Från datorn"}


@pytest.mark.parametrize(
    ("data", "message"),
    [({"culture": "x" * 10001}, "10000"), ({"seen_version": ""}, "Sidan är inaktuell")],
)
def test_notes_bad_input_changes_nothing(finals, data, message):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    url = reverse("evaluation:visit-notes", args=[finals.edition.slug, visit.pk])
    response = finals.client_for("juror").post(url, {"seen_version": "0", **data})
    assert message in response.content.decode()
    assert not VisitNotes.objects.exists()


def test_only_visiting_members_write_notes(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    with pytest.raises(ActionRefused, match="deltar i besöket"):
        notes_save(
            visit=visit, member=seat(finals, "chair"), texts={"results": "x"}, seen_version=0
        )


def test_report_is_shared_only_with_text_and_cas_protected(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["chair"]])
    chair = finals.users["chair"]
    with pytest.raises(ActionRefused, match="Skriv rapporten"):
        report_save(visit=visit, text=" ", seen_version=1, share=True, actor=chair)
    report_save(
        visit=visit, text="Besöket bekräftade bilden.", seen_version=1, share=True, actor=chair
    )
    with pytest.raises(ActionRefused, match="ändrats av någon annan"):
        report_save(visit=visit, text="Äldre text", seen_version=1, share=False, actor=chair)
    visit.refresh_from_db()
    assert visit.report == "Besöket bekräftade bilden."
    assert visit.report_shared_at is not None
    body = (
        finals.client_for("juror")
        .get(reverse("evaluation:visit", args=[finals.edition.slug, visit.pk]))
        .content.decode()
    )
    assert "Besöket bekräftade bilden." in body


def make_guide_material(world):
    InterviewQuestion.objects.create(
        edition=world.edition, theme="results", text="Vilka effekter kan ni visa med siffror?"
    )
    InterviewQuestion.objects.create(
        edition=world.edition, theme="leadership", text="Hur styr ledningen digitaliseringen?"
    )
    PassageMark.objects.create(
        member=seat(world, "juror"),
        entry=world.entry_a,
        question=world.questions[0],
        passage="stolt över sina e-tjänster",
        kind=MarkKind.VERIFY,
        note="Be om siffror.",
    )
    PassageMark.objects.create(
        member=seat(world, "juror"),
        entry=world.entry_a,
        question=world.questions[0],
        passage="Växjö är stolt",
        kind=MarkKind.VERIFIED,
    )


def test_interview_guide_has_the_bank_by_theme_and_the_passages_to_verify(finals):
    make_guide_material(finals)
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    guide = interview_guide(visit)
    assert [theme for theme, _q in guide.themes] == [
        "Ledning och styrning",
        "Resultat och effekter för invånarna",
    ]
    assert [m.passage for m in guide.to_verify] == ["stolt över sina e-tjänster"]


def test_interview_guide_pdf_holds_the_questions_and_the_quoted_passage(finals):
    make_guide_material(finals)
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    url = reverse("evaluation:visit-guide-pdf", args=[finals.edition.slug, visit.pk, "pdf"])
    response = finals.client_for("juror").get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Växjö" in text
    assert "Hur styr ledningen digitaliseringen?" in text
    assert "stolt över sina e-tjänster" in text
    assert "Be om siffror." in text
    assert "1 / 1" in text
    other = reverse("evaluation:visit-guide-pdf", args=[finals.edition.slug, visit.pk, "doc"])
    assert finals.client_for("juror").get(other).status_code == 404


def test_calendar_file_has_time_place_and_visitors(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"], finals.users["chair"]])
    response = finals.client_for("municipality_a").get(
        reverse("evaluation:visit-ics", args=[visit.pk])
    )
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == visit.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == visit.ends_at.replace(microsecond=0)
    assert str(event["location"]) == "Stadshuset, Västra Esplanaden 18"
    assert "Växjö" in str(event["summary"])
    # The municipality gets the visitors' names, as on its page, not their addresses.
    assert "attendee" not in event
    assert b"@example.org" not in response.content
    description = str(event["description"])
    assert str(finals.users["juror"]) in description
    assert str(finals.users["chair"]) in description
    # The jury gets each other's addresses, to answer the invitation.
    jury = finals.client_for("juror").get(reverse("evaluation:visit-ics", args=[visit.pk]))
    [event] = Calendar.from_ical(jury.content).walk("VEVENT")
    attendees = {str(a) for a in event.get("attendee")}
    assert attendees == {"mailto:juror@example.org", "mailto:chair@example.org"}


def test_a_conflict_with_another_entry_does_not_keep_a_member_off_a_visit(finals):
    from evaluation.selectors import members_free_of

    user = factories.make_jury_member(finals.edition, "juror", "juror5")
    factories.declare_conflict(user, finals.entry_b)
    factories.declare_rest(user, finals.edition)
    free = {m.user.username for m in members_free_of(finals.edition, finals.entry_a)}
    assert "juror5" in free
    assert "conflicted" not in free
    assert "juror5" not in {
        m.user.username for m in members_free_of(finals.edition, finals.entry_b)
    }


def test_notes_save_as_they_are_typed_with_htmx_and_keep_the_version_in_step(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    url = reverse("evaluation:visit-notes", args=[finals.edition.slug, visit.pk])
    client = finals.client_for("juror")
    response = client.post(url, {"seen_version": "0", "results": "Första"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="save-status"')
    assert "Sparat" in body
    assert 'id="id_seen_version" value="1" hx-swap-oob="true"' in body
    client.post(url, {"seen_version": "1", "results": "Andra"}, HTTP_HX_REQUEST="true")
    stale = client.post(
        url, {"seen_version": "1", "results": "Från en annan flik"}, HTTP_HX_REQUEST="true"
    )
    assert "ändrats av någon annan" in stale.content.decode()
    assert "hx-swap-oob" not in stale.content.decode()
    notes = VisitNotes.objects.get()
    assert (notes.texts, notes.version, notes.shared_at) == ({"results": "Andra"}, 2, None)


def test_a_save_from_the_same_page_is_no_conflict_with_its_own_autosave(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    url = reverse("evaluation:visit-notes", args=[finals.edition.slug, visit.pk])
    client = finals.client_for("juror")
    page = "a" * 32
    # The autosave went out with version 0 and has not come back when Save is pressed.
    client.post(url, {"seen_version": "0", "page": page, "results": "Utk"}, HTTP_HX_REQUEST="true")
    response = client.post(
        url, {"seen_version": "0", "page": page, "results": "Utkast klart", "action": "share"}
    )
    assert response.status_code == 302
    notes = VisitNotes.objects.get()
    assert (notes.texts, notes.version) == ({"results": "Utkast klart"}, 2)
    assert notes.shared_at is not None
    # Another page (the phone) with the old version is still refused.
    other = client.post(url, {"seen_version": "1", "page": "b" * 32, "results": "Telefon"})
    assert "ändrats av någon annan" in other.content.decode()
    assert VisitNotes.objects.get().texts == {"results": "Utkast klart"}


def test_round_two_scoring_shows_the_shared_visit_report_above_the_answers(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["chair"]])
    report_save(
        visit=visit,
        text="Besöket visade tydliga effekter.",
        seen_version=1,
        share=True,
        actor=finals.users["chair"],
    )
    client = finals.client_for("juror")
    round_two = client.get(
        reverse("evaluation:score", args=[finals.edition.slug, 2, finals.entry_a.pk])
    )
    round_one = client.get(
        reverse("evaluation:score", args=[finals.edition.slug, 1, finals.entry_a.pk])
    )
    assert "Besöket visade tydliga effekter." in round_two.content.decode()
    assert "Besöket visade tydliga effekter." not in round_one.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"theme": "results", "text": ""}, "Detta fält måste fyllas i"),
        ({"theme": "weather", "text": "Hur är vädret?"}, "Välj ett giltigt alternativ"),
        ({"theme": "results", "text": "x" * 1001}, "1000"),
    ],
)
def test_question_bank_bad_input_shows_a_message_and_adds_nothing(finals, data, message):
    url = reverse("evaluation:question-bank", args=[finals.edition.slug])
    response = finals.client_for("organiser").post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not InterviewQuestion.objects.exists()


def test_question_bank_adds_and_removes_questions(finals):
    url = reverse("evaluation:question-bank", args=[finals.edition.slug])
    client = finals.client_for("chair")
    client.post(url, {"theme": "culture", "text": "Hur lär ni er av misstag?"})
    question = InterviewQuestion.objects.get()
    assert (question.theme, question.text) == ("culture", "Hur lär ni er av misstag?")
    delete = reverse(
        "evaluation:interview-question-delete", args=[finals.edition.slug, question.pk]
    )
    client.post(delete)
    assert not InterviewQuestion.objects.exists()
    assert client.post(delete).status_code == 404


def test_a_visit_with_notes_is_kept_on_record(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    notes_save(visit=visit, member=seat(finals, "juror"), texts={"results": "x"}, seen_version=0)
    url = reverse("evaluation:visit-cancel", args=[finals.edition.slug, visit.pk])
    client = finals.client_for("organiser")
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "evaluation:visit", args=[finals.edition.slug, visit.pk]
    )
    assert "finns kvar i akten" in response.content.decode()
    assert SiteVisit.objects.filter(pk=visit.pk).exists()


def test_a_visit_without_notes_is_cancelled(finals):
    visit = factories.make_visit(finals.entry_a, [finals.users["juror"]])
    url = reverse("evaluation:visit-cancel", args=[finals.edition.slug, visit.pk])
    response = finals.client_for("chair").post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "evaluation:visits", args=[finals.edition.slug]
    )
    assert "Besöket är inställt." in response.content.decode()
    assert not SiteVisit.objects.filter(pk=visit.pk).exists()
    assert finals.client_for("chair").post(url).status_code == 404


def test_a_member_who_has_not_declared_is_told_what_blocks_the_visits(finals):
    ConflictDeclaration.objects.filter(member__user=finals.users["expert"]).delete()
    client = finals.client_for("expert")
    body = client.get(reverse("evaluation:visits", args=[finals.edition.slug])).content.decode()
    assert "när du har lämnat din jävsdeklaration: 2 bidrag återstår" in body
    assert reverse("evaluation:declarations", args=[finals.edition.slug]) in body
    assert "Inget besök är planerat än." not in body
