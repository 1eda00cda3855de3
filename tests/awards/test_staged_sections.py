"""Questionnaires with stages, and answers entered for others (issue 18, part 4).

The 2019 edition asked every municipality three questions for the publication and the
nominees one more ("Om vi ser något år framåt…"); answers given outside Juryrum were entered
by the award office, marked as such and sent to the municipality for proof."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from awards.choices import EntryStanding, QuestionKind, SectionStage
from awards.errors import ActionRefused
from awards.models import Answer, Edition, Entry, Question, Section
from awards.selectors import later_parts_of_entry, missing_answers, publication_text_of_entry
from awards.services import (
    answers_save,
    entry_set_standing,
    publication_proof_approve,
    publication_save,
    section_update,
)
from awards.tasks import send_answers_entered, send_section_reminders

pytestmark = pytest.mark.django_db

AHEAD = "Om vi ser något år framåt, vad vill ni ha uppnått?"


@pytest.fixture
def later(world):
    """A section asked of the finalists, answered within ten days."""
    section = Section.objects.create(
        edition=world.edition,
        position=2,
        title="Framåt",
        title_en="Ahead",
        stage=SectionStage.FINALIST,
        deadline=timezone.now() + timedelta(days=10),
    )
    question = Question.objects.create(
        section=section, position=1, kind=QuestionKind.LONG_TEXT, text=AHEAD, word_limit=200
    )
    world.edition.refresh_from_db()  # the questionnaire's new stamp
    return section, question


def make_finalist(world, entry):
    entry_set_standing(entry=entry, standing=EntryStanding.FINALIST)
    Edition.objects.filter(pk=world.edition.pk).update(
        finalists_announce_at=timezone.now() - timedelta(minutes=1)
    )
    world.edition.refresh_from_db()
    entry.refresh_from_db()
    return entry


def section_url(entry, section):
    return reverse("awards:entry-section", kwargs={"pk": entry.pk, "position": section.position})


def answer_field(question):
    return f"q{question.pk}"


def test_a_later_section_is_not_asked_before_the_entry_reaches_its_stage(world, later):
    section, question = later
    contact = world.client_for("municipality_a")
    page = contact.get(world.entry_a.get_absolute_url()).content.decode()
    assert AHEAD not in page
    assert "Fler frågor till ert bidrag" not in page
    assert contact.get(section_url(world.entry_a, section)).status_code == 404
    with pytest.raises(ActionRefused, match=r"frågas inte|not asked"):
        answers_save(entry=world.entry_a, values={question: "Tidigt"}, seen_versions={})
    # Chosen but not yet announced: still not asked (the entrant may not know it yet).
    entry_set_standing(entry=world.entry_a, standing=EntryStanding.FINALIST)
    assert later_parts_of_entry(Entry.objects.get(pk=world.entry_a.pk)) == []


def test_a_finalist_is_asked_and_answers_after_submitting(world, later):
    section, question = later
    entry = make_finalist(world, world.entry_a)
    contact = world.client_for("municipality_a")
    page = contact.get(entry.get_absolute_url()).content.decode()
    assert "Fler frågor till ert bidrag" in page
    assert "1 fråga kvar" in page
    form = contact.get(section_url(entry, section))
    assert form.status_code == 200
    assert AHEAD in form.content.decode()
    response = contact.post(
        section_url(entry, section), {answer_field(question): "Alla e-tjänster i en app."}
    )
    assert response.status_code == 302
    assert Answer.objects.get(entry=entry, question=question).text == "Alla e-tjänster i en app."
    assert "Klar" in contact.get(entry.get_absolute_url()).content.decode()
    # The first stage stays closed: the entry was submitted.
    first = world.questions[0].section
    assert contact.get(section_url(entry, first)).status_code == 302
    # The jury reads the answer with the rest of the entry.
    assert (
        "Alla e-tjänster i en app."
        in world.client_for("juror").get(entry.get_absolute_url()).content.decode()
    )


def test_after_the_sections_deadline_nothing_is_saved(world, later):
    section, question = later
    entry = make_finalist(world, world.entry_a)
    section.deadline = timezone.now() - timedelta(hours=1)
    section.save()  # a new questionnaire stamp: every process reads the new deadline
    contact = world.client_for("municipality_a")
    response = contact.post(section_url(entry, section), {answer_field(question): "Sent"})
    assert "Sista dagen för den här delen var" in response.content.decode()
    assert not Answer.objects.filter(entry=entry, question=question).exists()


def test_other_entries_are_not_asked(world, later):
    section, _question = later
    make_finalist(world, world.entry_a)
    contact_b = world.client_for("municipality_b")
    assert contact_b.get(section_url(world.entry_b, section)).status_code == 404
    assert "Fler frågor" not in contact_b.get(world.entry_b.get_absolute_url()).content.decode()


def test_submitting_asks_only_the_first_stage(world, later):
    draft = world.draft_a
    Section.objects.create(
        edition=draft.edition,
        position=2,
        title="Framåt",
        stage=SectionStage.FINALIST,
        deadline=timezone.now() + timedelta(days=100),
    ).questions.create(position=1, kind=QuestionKind.SHORT_TEXT, text=AHEAD)
    assert AHEAD not in [q.text for q in missing_answers(draft)]


def test_finalists_missing_the_answer_are_reminded_once(world, later, settings):
    section, question = later
    entry = make_finalist(world, world.entry_a)
    deadline = section.deadline.isoformat()
    assert send_section_reminders.call(section.pk, deadline, 5) == 0  # before its time
    assert send_section_reminders.call(section.pk, deadline, 10) == 1
    assert send_section_reminders.call(section.pk, deadline, 10) == 0  # not twice
    [message] = mail.outbox
    assert message.to == [world.users["municipality_a"].email]
    assert "Framåt" in message.body
    answers_save(entry=entry, values={question: "Klart"}, seen_versions={})
    assert send_section_reminders.call(section.pk, deadline, 3) == 0  # answered: not reminded
    assert send_section_reminders.call(section.pk, "2020-01-01T00:00:00+00:00", 10) == 0


def test_the_proof_covers_the_later_answer(world, later):
    """The 2019 case end to end: three questions for all, one more for the nominees, a
    publication of the consenting entries after proof."""
    _section, question = later
    entry = make_finalist(world, world.entry_a)
    Entry.objects.filter(pk=entry.pk).update(publication_consent=True)
    entry.refresh_from_db()
    publication_save(
        edition=world.edition, title="Kommunernas utveckling", introduction="", seen_version=0
    )
    publication_proof_approve(entry=entry, actor=world.users["municipality_a"])
    assert publication_text_of_entry(entry).approved
    answers_save(entry=entry, values={question: "Ett år framåt"}, seen_versions={})
    text = publication_text_of_entry(entry)
    assert not text.approved  # the new answer waits for a new approval
    assert AHEAD in [q.text for q, _answer in text.answers]
    publication_proof_approve(entry=entry, actor=world.users["municipality_a"])
    assert publication_text_of_entry(entry).approved


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Framåt", "stage": "finalist"}, "behöver ett sista datum"),
        (
            {"title": "Framåt", "stage": "everyone", "deadline": "2027-05-01T12:00"},
            "lämna det här tomt",
        ),
        ({"title": "", "stage": "everyone"}, "Detta fält måste fyllas i"),
        ({"title": "x" * 201, "stage": "everyone"}, "som mest 200 tecken"),
        ({"title": "Framåt", "stage": "chef"}, "Välj ett giltigt alternativ"),
    ],
)
def test_section_form_bad_input(world, data, message):
    organiser = world.client_for("organiser")
    before = list(Section.objects.values())
    url = reverse("awards:questionnaire", kwargs={"slug": world.edition.slug})
    response = organiser.post(url, data)
    assert message in response.content.decode()
    assert list(Section.objects.values()) == before


def test_a_section_is_added_and_changed_by_the_organiser(world):
    organiser = world.client_for("organiser")
    url = reverse("awards:questionnaire", kwargs={"slug": world.edition.slug})
    organiser.post(url, {"title": "Framåt", "stage": "finalist", "deadline": "2027-05-01T12:00"})
    section = Section.objects.get(edition=world.edition, title="Framåt")
    assert section.stage == SectionStage.FINALIST
    edit = reverse(
        "awards:section-edit", kwargs={"slug": world.edition.slug, "section": section.pk}
    )
    response = organiser.post(
        edit, {"title": "Framåt", "stage": "long_list", "deadline": "2027-05-02T12:00"}
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.stage, timezone.localtime(section.deadline).day) == ("long_list", 2)


def test_an_answered_section_keeps_its_stage(world):
    section = world.questions[0].section
    with pytest.raises(ActionRefused, match=r"stage stays|behåller"):
        section_update(
            section=section,
            actor=None,
            stage=SectionStage.FINALIST,
            deadline=timezone.now() + timedelta(days=3),
        )


def as_posted(form, changes):
    """What a browser posts for the form as shown, with `changes` typed in."""
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(changes)
    return data


def enter_url(entry):
    return reverse("awards:entry-answers-enter", kwargs={"pk": entry.pk})


def test_an_organiser_enters_answers_for_a_municipality(world, django_capture_on_commit_callbacks):
    organiser = world.client_for("organiser")
    entry, question = world.entry_b, world.questions[1]
    page = organiser.get(enter_url(entry))
    assert page.status_code == 200
    stored = Answer.objects.filter(entry=entry, question=question).first()
    others = {a.pk: a.text for a in Answer.objects.filter(entry=entry).exclude(question=question)}
    data = as_posted(page.context["form"], {answer_field(question): "Inlämnat per e-post"})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = organiser.post(enter_url(entry), data)
    assert response.status_code == 302
    answer = Answer.objects.get(entry=entry, question=question)
    assert (stored.on_behalf, answer.text) == (False, "Inlämnat per e-post")
    assert answer.on_behalf
    # The other answers, shown in the form and posted unchanged, are as they were.
    assert {
        a.pk: a.text for a in Answer.objects.filter(entry=entry).exclude(question=question)
    } == others
    assert len(callbacks) == 1
    assert send_answers_entered.call(entry.pk) == 1
    [message] = mail.outbox
    assert message.to == [world.users["municipality_b"].email]
    assert entry.get_absolute_url() in message.body
    contact = world.client_for("municipality_b")
    assert "Ifyllt av arrangörerna" in contact.get(entry.get_absolute_url()).content.decode()
    # A stale copy does not overwrite a newer text unseen.
    response = organiser.post(enter_url(entry), {**data, answer_field(question): "Gammal kopia"})
    assert "Någon har ändrat" in response.content.decode()
    assert Answer.objects.get(pk=answer.pk).text == "Inlämnat per e-post"


def test_only_the_editions_organisers_enter_answers(world):
    for role in ("municipality_b", "juror", "chair"):
        response = world.client_for(role).post(enter_url(world.entry_b), {})
        assert response.status_code in (403, 404), role
    assert not Answer.objects.filter(entry=world.entry_b, on_behalf=True).exists()


def import_url(edition):
    return reverse("awards:answers-import", kwargs={"slug": edition.slug})


def csv_file(text, name="svar.csv"):
    return SimpleUploadedFile(name, ("\ufeff" + text).encode(), content_type="text/csv")


def test_answers_are_imported_from_a_swedish_csv(world, django_capture_on_commit_callbacks):
    organiser = world.client_for("organiser")
    q1, q2 = world.questions[1], world.questions[2]
    text = (
        f"Kommunkod;Kommun;{q1.text};{q2.text};Kommentar\n"
        f"0780;Växjö;Vi delar;;intern\n"
        f"1281;Lund;Lund svarar;Och mer;\n"
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = organiser.post(import_url(world.edition), {"file": csv_file(text)})
    page = response.content.decode()
    assert "2 rader lästa" in page
    assert "Kommentar" in page  # the column that names no question is said to be left out
    lund = Entry.objects.get(edition=world.edition, municipalities__name="Lund")
    assert (lund.competing, lund.publication_consent, lund.state) == (False, True, "submitted")
    assert Answer.objects.get(entry=lund, question=q2).on_behalf
    assert Answer.objects.get(entry=world.entry_a, question=q1).text == "Vi delar"
    assert "Lund" in page  # no contact yet: nobody can approve
    assert len(callbacks) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Kommunkod;Fråga 2\n9999;x\n", "Rad 2: kommunen finns inte."),
        ("Kommun;Fråga 2\nVäxjö;a\nväxjö;b\n", "Växjö finns redan på rad 2"),
        ("Namn;Fråga 2\nVäxjö;a\n", "Kommunkod"),
        ("Kommunkod;Okänd fråga\n0780;a\n", "Ingen kolumn"),
        ("", "Filen är tom."),
        ("Kommunkod;Fråga 2\n0780;" + "ord " * 301 + "\n", "Rad 2, Fråga 2"),
    ],
)
def test_a_file_with_errors_changes_nothing(world, text, message):
    organiser = world.client_for("organiser")
    before = (Entry.objects.count(), list(Answer.objects.values("pk", "text", "version")))
    response = organiser.post(import_url(world.edition), {"file": csv_file(text)})
    assert message in response.content.decode()
    assert (Entry.objects.count(), list(Answer.objects.values("pk", "text", "version"))) == before


def test_wrong_type_and_oversized_files_are_refused(world):
    organiser = world.client_for("organiser")
    for upload, message in [
        (SimpleUploadedFile("svar.pdf", b"%PDF"), "Välj en CSV- eller XLSX-fil."),
        (csv_file("Kommunkod\n" + "0780\n" * 500_000), "större än 2 MB"),
        (SimpleUploadedFile("svar.xlsx", b"PK not a workbook"), "XLSX"),
        (SimpleUploadedFile("svar.csv", "Kommun;Fråga 2\nVäxjö;å\n".encode("cp1252")), "UTF-8"),
    ]:
        response = organiser.post(import_url(world.edition), {"file": upload})
        assert message in response.content.decode(), message
    assert not Answer.objects.filter(on_behalf=True).exists()


def test_the_xlsx_template_round_trips(world):
    organiser = world.client_for("organiser")
    response = organiser.get(import_url(world.edition), {"template": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Kommunkod", "Kommun"]
    assert world.questions[1].text in header
    # A row for each municipality with an entry, in Swedish order.
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Sundsvall",
        "Växjö",
    ]
    book = Workbook()
    book.active.append(header)
    row = ["0780", "Växjö"] + [None] * (len(header) - 2)
    row[header.index(world.questions[1].text)] = "Från Excel"
    book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("svar.xlsx", buffer.getvalue())
    response = organiser.post(import_url(world.edition), {"file": upload})
    assert "1 rad läst" in response.content.decode()
    assert Answer.objects.get(entry=world.entry_a, question=world.questions[1]).text == (
        "Från Excel"
    )
