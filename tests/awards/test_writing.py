"""Municipality contacts write their entry section by section and submit it: bad input never
changes anything, a stale copy never overwrites a colleague, and the deadline holds."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.viewer import viewing
from awards import services
from awards.choices import EntryState, QuestionKind
from awards.errors import ActionRefused
from awards.models import Answer, Edition, Entry, Question
from awards.selectors import questionnaire
from awards.services import answers_save, contact_add, entry_submit
from awards.tasks import send_entry_receipt
from tests import factories
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world):
    return world.draft_a


@pytest.fixture
def questions(draft):
    return list(Question.objects.filter(section__edition=draft.edition).order_by("position"))


@pytest.fixture
def contact(world):
    return world.client_for("municipality_a")


def section_url(entry, position=1):
    return reverse("awards:entry-section", kwargs={"pk": entry.pk, "position": position})


def post_section(client, entry, values, versions=None, **extra):
    data = {}
    for question, value in values.items():
        data[f"q{question.pk}"] = value
        data[f"v{question.pk}"] = (versions or {}).get(question, 0)
    return client.post(section_url(entry), {**data, **extra.pop("data", {})}, **extra)


def answer_texts(entry):
    return {a.question_id: (a.text, a.version) for a in Answer.objects.filter(entry=entry)}


# Services


def test_answers_save_creates_then_versions_answers(draft, questions):
    q = questions[0]
    result = answers_save(entry=draft, values={q: "Första"}, seen_versions={})
    assert [a.version for a in result.saved] == [1]
    result = answers_save(entry=draft, values={q: "Andra"}, seen_versions={q.pk: 1})
    assert [a.version for a in result.saved] == [2]
    assert answer_texts(draft)[q.pk] == ("Andra", 2)


def test_answers_save_unchanged_answer_is_not_written(draft, questions):
    q = questions[0]
    answers_save(entry=draft, values={q: "Samma"}, seen_versions={})
    result = answers_save(entry=draft, values={q: "Samma"}, seen_versions={q.pk: 1})
    assert result.saved == []
    assert answer_texts(draft)[q.pk] == ("Samma", 1)


def test_answers_save_stale_copy_is_a_conflict_and_overwrites_nothing(draft, questions):
    q = questions[0]
    answers_save(entry=draft, values={q: "Anna skrev"}, seen_versions={})
    answers_save(entry=draft, values={q: "Bertil skrev"}, seen_versions={q.pk: 1})
    result = answers_save(entry=draft, values={q: "Anna igen"}, seen_versions={q.pk: 1})
    assert [c.theirs.text for c in result.conflicts] == ["Bertil skrev"]
    assert result.conflicts[0].mine == "Anna igen"
    assert answer_texts(draft)[q.pk] == ("Bertil skrev", 2)


def test_answers_save_two_first_answers_at_once_is_a_conflict(draft, questions):
    q = questions[0]
    answers_save(entry=draft, values={q: "Först"}, seen_versions={})
    result = answers_save(entry=draft, values={q: "Också först"}, seen_versions={q.pk: 0})
    assert len(result.conflicts) == 1
    assert answer_texts(draft)[q.pk] == ("Först", 1)


def test_answers_save_racing_a_first_save_of_the_same_value_is_no_conflict(draft, questions):
    # The writer's autosave (on leaving the box) and their Save button arrive together: both
    # read "no answer yet", one creates it, the other finds it there with the same value.
    q = questions[0]
    answers_save(entry=draft, values={q: "Samma text"}, seen_versions={})
    result = answers_save(entry=draft, values={q: "Samma text"}, seen_versions={}, stored={})
    assert result.conflicts == []
    assert [(a.text, a.version) for a in result.saved] == [("Samma text", 1)]
    result = answers_save(entry=draft, values={q: "Annan text"}, seen_versions={}, stored={})
    assert [c.theirs.text for c in result.conflicts] == ["Samma text"]
    assert answer_texts(draft)[q.pk] == ("Samma text", 1)


def test_answers_save_racing_an_update_to_the_same_value_is_no_conflict(draft, questions):
    q = questions[0]
    answers_save(entry=draft, values={q: "Utkast"}, seen_versions={})
    stale = {a.question_id: a for a in Answer.objects.filter(entry=draft)}
    answers_save(entry=draft, values={q: "Klart"}, seen_versions={q.pk: 1})
    result = answers_save(entry=draft, values={q: "Klart"}, seen_versions={q.pk: 1}, stored=stale)
    assert result.conflicts == []
    assert [(a.text, a.version) for a in result.saved] == [("Klart", 2)]
    stale = {a.question_id: a for a in Answer.objects.filter(entry=draft)}
    answers_save(entry=draft, values={q: "Kollegans"}, seen_versions={q.pk: 2})
    result = answers_save(entry=draft, values={q: "Min"}, seen_versions={q.pk: 2}, stored=stale)
    assert [c.theirs.text for c in result.conflicts] == ["Kollegans"]
    assert answer_texts(draft)[q.pk] == ("Kollegans", 3)


def statements(queries) -> list[str]:
    return [query["sql"].split()[0] for query in queries.captured_queries]


def test_one_changed_answer_of_a_draft_is_one_statement_and_several_one_transaction(
    draft, questions
):
    first, second = questions[:2]
    answers_save(entry=draft, values={first: "Först", second: "Först"}, seen_versions={})
    # One compare-and-set is atomic by itself: no transaction (here in the test's own
    # transaction, no savepoint) around it.
    with CaptureQueriesContext(connection) as one:
        answers_save(entry=draft, values={first: "Sedan"}, seen_versions={first.pk: 1})
    assert statements(one) == ["SELECT", "UPDATE"]
    with CaptureQueriesContext(connection) as two:
        answers_save(
            entry=draft,
            values={first: "Till sist", second: "Till sist"},
            seen_versions={first.pk: 2, second.pk: 1},
        )
    assert statements(two) == ["SELECT", "SAVEPOINT", "UPDATE", "UPDATE", "RELEASE"]
    assert answer_texts(draft) == {first.pk: ("Till sist", 3), second.pk: ("Till sist", 2)}


def test_several_answers_are_saved_all_or_none(draft, questions, monkeypatch):
    first, second = questions[:2]
    answers_save(entry=draft, values={first: "Först", second: "Först"}, seen_versions={})
    write = services._answer_write
    written = []

    def second_write_fails(*args):
        if written:
            raise DatabaseError("the connection was lost")
        written.append(write(*args))

    monkeypatch.setattr(services, "_answer_write", second_write_fails)
    with pytest.raises(DatabaseError):
        answers_save(
            entry=draft,
            values={first: "Sedan", second: "Sedan"},
            seen_versions={first.pk: 1, second.pk: 1},
        )
    assert written  # the first was written, and then undone with the second
    assert answer_texts(draft) == {first.pk: ("Först", 1), second.pk: ("Först", 1)}


def test_an_answer_changed_after_submission_is_written_with_its_audit_entry(draft, questions):
    # A reopened entry's changes are audited: the answer and its audit entry are one
    # transaction, even for a single answer.
    answers_save(entry=draft, values={questions[0]: "Först"}, seen_versions={})
    Entry.objects.filter(pk=draft.pk).update(first_submitted_at=timezone.now())
    draft.refresh_from_db()
    first = questions[0]
    with CaptureQueriesContext(connection) as queries:
        answers_save(entry=draft, values={first: "Sedan"}, seen_versions={first.pk: 1})
    kinds = statements(queries)  # the audit entry is the INSERT
    assert kinds.index("SAVEPOINT") < kinds.index("UPDATE") < kinds.index("INSERT")
    assert kinds[-1] == "RELEASE"


def test_answers_save_after_the_deadline_is_refused(draft, questions):
    with (
        time_machine.travel(draft.edition.submission_deadline + timedelta(minutes=1)),
        pytest.raises(ActionRefused),
    ):
        answers_save(entry=draft, values={questions[0]: "Sent"}, seen_versions={})
    assert answer_texts(draft) == {}


def test_grace_minutes_and_extension_move_the_deadline(draft, questions):
    edition = draft.edition
    edition.grace_minutes = 10
    edition.save()
    moment = edition.submission_deadline + timedelta(minutes=5)
    answers_save(
        entry=draft, values={questions[0]: "Inom marginalen"}, seen_versions={}, now=moment
    )
    late = edition.submission_deadline + timedelta(days=2)
    with pytest.raises(ActionRefused):
        answers_save(entry=draft, values={questions[1]: "För sent"}, seen_versions={}, now=late)
    Entry.objects.filter(pk=draft.pk).update(deadline_extended_to=late + timedelta(hours=1))
    draft.refresh_from_db()
    answers_save(entry=draft, values={questions[1]: "Förlängt"}, seen_versions={}, now=late)
    assert {t for t, _v in answer_texts(draft).values()} == {"Inom marginalen", "Förlängt"}


def test_entry_submit_with_missing_answers_is_refused(draft, questions):
    answers_save(entry=draft, values={questions[0]: "Bara ett svar"}, seen_versions={})
    with pytest.raises(ActionRefused, match="2 obligatoriska"):
        entry_submit(entry=draft)
    assert Entry.objects.get(pk=draft.pk).state == EntryState.DRAFT


def test_optional_questions_need_no_answer(draft, questions):
    Question.objects.filter(pk__in=[q.pk for q in questions[1:]]).update(required=False)
    answers_save(entry=draft, values={questions[0]: "Det enda som krävs"}, seen_versions={})
    entry_submit(entry=draft)
    assert Entry.objects.get(pk=draft.pk).state == EntryState.SUBMITTED


def test_entry_submit_queues_a_receipt(draft, questions, django_capture_on_commit_callbacks):
    answers_save(entry=draft, values={q: "Svar" for q in questions}, seen_versions={})
    from django.tasks import default_task_backend

    default_task_backend.clear() if hasattr(default_task_backend, "clear") else None
    before = len(default_task_backend.results)
    with django_capture_on_commit_callbacks(execute=True):
        entry_submit(entry=draft)
    [result] = default_task_backend.results[before:]
    assert result.task.func is send_entry_receipt.func
    assert result.args == [draft.pk, None]


def test_receipt_goes_to_every_contact_in_their_language(world, draft, questions):
    answers_save(
        entry=draft, values={q: f"Svaret på {q.text}" for q in questions}, seen_versions={}
    )
    entry_submit(entry=draft)
    english = factories.make_contact("Växjö", "english_colleague")
    english.preferred_language = "en"
    english.save()
    sent = send_entry_receipt.call(draft.pk, world.users["municipality_a"].pk)
    assert sent == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    swedish_mail = by_recipient[world.users["municipality_a"].email]
    assert swedish_mail.subject.startswith("Kvitto")
    assert "Svaret på Fråga 2" in swedish_mail.body
    english_mail = by_recipient[english.email]
    assert english_mail.subject.startswith("Receipt")
    assert "Question 2" in english_mail.body


# The section page


def test_section_page_shows_questions_with_word_limit(contact, draft):
    body = contact.get(section_url(draft)).content.decode()
    assert "Fråga 1" in body
    assert 'data-word-limit="300"' in body
    assert "Högst 300 ord." in body


HTMX_HELP_TEXT = (
    """<span hx-post="/accounts/language/" hx-trigger="load" hx-vals='{"language":"en"}'>"""
)


def test_an_organisers_help_text_is_shown_as_text_never_as_markup(contact, draft, questions):
    """Question help texts are written by organisers: markup in one (here an htmx attribute that
    would post with the contact's CSRF token) is shown as text, with and without a word limit."""
    limited, plain = questions[0], questions[1]
    limited.help_text = plain.help_text = HTMX_HELP_TEXT
    plain.word_limit = None
    limited.save()
    plain.save()
    body = contact.get(section_url(draft)).content.decode()
    assert 'hx-trigger="load"' not in body
    assert "<span hx-post" not in body
    assert body.count("&lt;span hx-post=&quot;/accounts/language/&quot;") >= 2


def test_section_save_without_javascript_stores_and_redirects(contact, draft, questions):
    response = post_section(contact, draft, {questions[0]: "Vårt svar"})
    assert response.status_code == 302
    assert response["Location"] == section_url(draft)
    assert answer_texts(draft)[questions[0].pk] == ("Vårt svar", 1)
    page = contact.get(response["Location"]).content.decode()
    assert "Sparat kl." in page


def test_section_save_and_continue_goes_to_the_next_section(contact, draft, questions):
    from awards.models import Section

    Section.objects.create(edition=draft.edition, position=2, title="Mognad")
    response = post_section(contact, draft, {questions[0]: "Svar"}, data={"next": "1"})
    assert response["Location"] == section_url(draft, 2)


def test_section_too_many_words_shows_message_and_changes_nothing(contact, draft, questions):
    response = post_section(contact, draft, {questions[0]: "ord " * 301})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Svaret har 301 ord; högst 300 ord är tillåtna." in body
    assert "Inget sparades" in body
    assert answer_texts(draft) == {}


def test_section_too_long_text_shows_message_and_changes_nothing(contact, draft, questions):
    Question.objects.filter(pk=questions[0].pk).update(word_limit=None)
    response = post_section(contact, draft, {questions[0]: "x" * 20_001})
    assert response.status_code == 200
    assert "20000" in response.content.decode().replace("\xa0", "").replace(" ", "")
    assert answer_texts(draft) == {}


def test_section_number_of_wrong_type_shows_message_and_changes_nothing(contact, draft):
    section = draft.edition.sections.get()
    number = Question.objects.create(
        section=section,
        position=9,
        kind=QuestionKind.NUMBER,
        text="Andel",
        unit="%",
        min_value=0,
        max_value=100,
    )
    hint = "Ange ett tal mellan 0 och 100."
    # The range is the field's hint before anything is typed, and a wrong number gets the same
    # words, never Django's "…mindre än eller lika med 100.00".
    assert hint in contact.get(section_url(draft)).content.decode()
    for bad in ("många", "101", "-1"):
        response = post_section(contact, draft, {number: bad})
        assert response.status_code == 200
        assert response.context["form"].errors[f"q{number.pk}"] == [hint]
        assert "100.00" not in response.content.decode()
    assert answer_texts(draft) == {}
    post_section(contact, draft, {number: "42,5"})
    assert Answer.objects.get(entry=draft, question=number).number == pytest.approx(42.5)


def test_section_stale_version_shows_both_versions_and_keeps_the_text(contact, draft, questions):
    q = questions[0]
    answers_save(entry=draft, values={q: "Kollegans text"}, seen_versions={})
    response = post_section(contact, draft, {q: "Min text"}, versions={q: 0})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kollegans text" in body
    assert "Min text" in body
    assert "En kollega sparade 1 av de här svaren" in body
    assert answer_texts(draft)[q.pk] == ("Kollegans text", 1)
    assert f'name="v{q.pk}" value="1"' in body
    post_section(contact, draft, {q: "Min text"}, versions={q: 1})
    assert answer_texts(draft)[q.pk] == ("Min text", 2)


def test_section_after_the_deadline_keeps_the_text_and_says_why(world, contact, draft, questions):
    edition = draft.edition
    edition.contact_email = "pris@example.org"
    edition.submission_deadline = timezone.now() - timedelta(minutes=1)
    edition.save()
    response = post_section(contact, draft, {questions[0]: "Sent skrivet"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sista dagen har passerat" in body
    assert "pris@example.org" in body
    assert "Sent skrivet" in body
    page = contact.get(section_url(draft))
    assert page.status_code == 302
    assert page["Location"] == draft.get_absolute_url()
    assert answer_texts(draft) == {}


def test_section_autosave_with_htmx_answers_with_status_and_new_versions(contact, draft, questions):
    q = questions[0]
    response = post_section(contact, draft, {q: "Autosparat"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="save-status"' in body
    assert "Sparat kl." in body
    assert f'name="v{q.pk}"' in body
    assert 'hx-swap-oob="true"' in body
    assert "<html" not in body
    assert answer_texts(draft)[q.pk] == ("Autosparat", 1)


def test_section_forged_entry_id_of_another_municipality_is_404(world, draft, questions):
    other = factories.make_entry(draft.edition, "Sundsvall", submit=False)
    response = post_section(world.client_for("municipality_a"), other, {questions[0]: "Intrång"})
    assert response.status_code == 404
    assert answer_texts(other) == {}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "municipality_a"])
def test_an_autosave_by_anyone_but_the_entrys_contacts_is_refused_and_saves_nothing(
    world, role, questions
):
    # The autosave reads its entry together with whether the person acts for it; anyone else
    # is refused as by every entry page: a 404 (or the sign-in page) and nothing stored.
    client = world.client_for(role)
    response = post_section(
        client, world.draft_a, {questions[0]: "Intrång"}, HTTP_HX_REQUEST="true"
    )
    if role == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404
    assert answer_texts(world.draft_a) == {}


def test_an_autosave_of_a_joint_entry_works_for_each_of_its_contacts():
    # Joint entries have a contact per municipality, and one person may act for two of them
    # (two rows in the query that reads the entry with its contacts: still one entry).
    edition = factories.make_edition()
    question = factories.make_questionnaire(edition, questions=1)[0]
    entry = factories.make_entry(edition, "Kiruna", "Gällivare", submit=False)
    kiruna = factories.make_contact("Kiruna", "kiruna")
    both = factories.make_contact("Gällivare", "gallivare")
    contact_add(municipality=factories.municipality("Kiruna"), user=both)
    for version, user in enumerate([kiruna, both]):
        client = Client()
        client.force_login(user)
        response = post_section(
            client,
            entry,
            {question: f"Tillsammans {version}"},
            {question: version},
            HTTP_HX_REQUEST="true",
        )
        assert "Sparat kl." in response.content.decode()
        assert answer_texts(entry)[question.pk] == (f"Tillsammans {version}", version + 1)


def test_section_unknown_position_is_404(contact, draft):
    assert contact.get(section_url(draft, 7)).status_code == 404
    autosave = contact.post(section_url(draft, 7), {}, HTTP_HX_REQUEST="true")
    assert autosave.status_code == 404


def test_an_autosave_to_another_editions_section_saves_nothing(world, contact, draft):
    # The entry's own edition decides which questions a position holds: posting the question
    # ids of another edition's section at that position changes nothing.
    other = world.questions[0]
    assert other.section.edition_id != draft.edition_id
    response = contact.post(
        section_url(draft, other.section.position),
        {f"q{other.pk}": "Fel upplaga", f"v{other.pk}": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert not Answer.objects.filter(question=other, text="Fel upplaga").exists()


def test_section_of_a_submitted_entry_sends_the_writer_to_the_entry(world):
    client = world.client_for("municipality_a")
    response = client.get(section_url(world.entry_a))
    assert response.status_code == 302
    assert response["Location"] == world.entry_a.get_absolute_url()
    assert "inskickat" in client.get(response["Location"]).content.decode()


# Submitting


def submit_url(entry):
    return reverse("awards:entry-submit", kwargs={"pk": entry.pk})


def test_submit_page_lists_what_is_missing_with_links(contact, draft, questions):
    answers_save(entry=draft, values={questions[0]: "Ett svar"}, seen_versions={})
    body = contact.get(submit_url(draft)).content.decode()
    assert "2 obligatoriska frågor är inte besvarade än" in body
    assert f"{section_url(draft)}#question-{questions[1].pk}" in body
    assert 'name="confirm"' not in body


def test_submit_without_confirmation_changes_nothing(contact, draft, questions):
    answers_save(entry=draft, values={q: "Svar" for q in questions}, seen_versions={})
    response = contact.post(submit_url(draft), {})
    assert response.status_code == 200
    assert "Kryssa i rutan" in response.content.decode()
    assert Entry.objects.get(pk=draft.pk).state == EntryState.DRAFT


def test_submit_confirmed_submits_and_makes_the_entry_read_only(contact, draft, questions):
    answers_save(entry=draft, values={q: "Svar" for q in questions}, seen_versions={})
    response = contact.post(submit_url(draft), {"confirm": "on"})
    assert response.url == reverse("awards:entry-submitted", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.state == EntryState.SUBMITTED
    assert draft.submitted_at is not None
    confirmation = contact.get(response.url).content.decode()
    assert "Bidraget är inskickat" in confirmation
    page = contact.get(draft.get_absolute_url()).content.decode()
    assert "Inskickat" in page
    assert section_url(draft) not in page
    refused = post_section(contact, draft, {questions[0]: "Ändring efteråt"})
    assert "kan inte längre ändras" in refused.content.decode()
    assert answer_texts(draft)[questions[0].pk] == ("Svar", 1)


def test_submit_after_the_deadline_is_refused_with_a_reason(contact, draft, questions):
    answers_save(entry=draft, values={q: "Svar" for q in questions}, seen_versions={})
    draft.edition.submission_deadline = timezone.now() - timedelta(seconds=1)
    draft.edition.save()
    response = contact.post(submit_url(draft), {"confirm": "on"})
    assert response.status_code == 200
    assert "Sista dagen har passerat" in response.content.decode()
    assert Entry.objects.get(pk=draft.pk).state == EntryState.DRAFT


def test_submit_rejects_get_as_a_way_to_submit(contact, draft, questions):
    answers_save(entry=draft, values={q: "Svar" for q in questions}, seen_versions={})
    contact.get(submit_url(draft), {"confirm": "on"})
    assert Entry.objects.get(pk=draft.pk).state == EntryState.DRAFT


def test_entry_page_is_a_task_list_with_one_deadline_and_the_history(contact, draft, questions):
    """The writer sees each section's state, what to do next and the deadline as the public
    page says it: the grace minutes never show."""
    edition = draft.edition
    deadline = timezone.now().astimezone(timezone.get_current_timezone()).replace(
        hour=23, minute=59, second=0, microsecond=0
    ) + timedelta(days=10)
    Edition.objects.filter(pk=edition.pk).update(submission_deadline=deadline, grace_minutes=15)
    body = contact.get(draft.get_absolute_url()).content.decode()
    assert "Ert bidrag steg för steg" in body
    assert "Inte påbörjad" in body
    assert "Inte klart än" in body
    assert "Börja skriva" in body
    assert "kl. 23.59" in body
    assert "00.14" not in body
    assert "10 dagar kvar" in body
    assert "Anmält" in body
    assert section_url(draft) in body
    assert "Placering" not in body  # a draft has no standing to show

    answers_save(entry=draft, values={questions[0]: "Svar"}, seen_versions={})
    body = contact.get(draft.get_absolute_url()).content.decode()
    assert "2 frågor kvar" in body
    assert "Fortsätt skriva" in body

    answers_save(entry=draft, values={q: "Svar" for q in questions[1:]}, seen_versions={})
    body = contact.get(draft.get_absolute_url()).content.decode()
    assert "Klar<" in body
    assert "Klart att skicka in" in body
    assert reverse("awards:entry-submit", args=[draft.pk]) in body


def test_check_answers_shows_every_answer_with_a_change_link(contact, draft, questions):
    answers_save(entry=draft, values={questions[0]: "Vårt första svar"}, seen_versions={})
    body = contact.get(submit_url(draft)).content.decode()
    assert "Granska svaren innan ni skickar in" in body
    assert "Vårt första svar" in body
    assert body.count(">Ändra<") == len(questions)
    assert f"{section_url(draft)}#question-{questions[1].pk}" in body
    assert "Inte besvarad \N{EN DASH} obligatorisk" in body
    assert 'name="confirm"' not in body  # nothing to submit while questions are missing

    answers_save(entry=draft, values={q: "Svar" for q in questions[1:]}, seen_versions={})
    body = contact.get(submit_url(draft)).content.decode()
    # How to submit is said before the form, not after a failed try.
    assert body.index("Kryssa i rutan") < body.index('name="confirm"')


def test_the_confirmation_page_waits_for_a_submission(contact, draft):
    response = contact.get(reverse("awards:entry-submitted", args=[draft.pk]))
    assert response.url == submit_url(draft)


@pytest.fixture(params=[0, 5], ids=["3 questions", "8 questions"])
def answered(request, draft, questions):
    """The section's questions, 0 or 5 more of them, each answered once (version 1)."""
    section = draft.edition.sections.get()
    questions = questions + [
        Question.objects.create(section=section, position=10 + i, kind="short_text", text=f"E{i}")
        for i in range(request.param)
    ]
    answers_save(entry=draft, values={q: "Först" for q in questions}, seen_versions={})
    return questions


def test_an_autosave_runs_a_few_queries_and_one_write_per_changed_answer(
    contact, draft, answered, django_assert_max_num_queries
):
    questions, versions = answered, dict.fromkeys(answered, 1)
    questionnaire(Edition.objects.get(pk=draft.edition_id))  # as after the page was shown
    # The same whatever the number of questions: session, user, the entry read with whether
    # the user acts for it, the answers; then one compare-and-set per changed answer (and its
    # savepoint here, inside the test transaction). The questionnaire is in the process's
    # memory.
    with django_assert_max_num_queries(6 + len(questions)):
        response = post_section(
            contact, draft, {q: "Sedan" for q in questions}, versions, HTTP_HX_REQUEST="true"
        )
    assert "Sparat kl." in response.content.decode()
    assert {t for t, _v in answer_texts(draft).values()} == {"Sedan"}


def test_section_save_of_many_answers_runs_a_bounded_number_of_queries(
    contact, draft, answered, django_assert_max_num_queries
):
    questions, versions = answered, dict.fromkeys(answered, 1)
    with django_assert_max_num_queries(21 + len(questions)):
        response = post_section(contact, draft, {q: "Sedan" for q in questions}, versions)
    assert response.status_code == 302
    assert {t for t, _v in answer_texts(draft).values()} == {"Sedan"}


def test_whether_a_person_acts_for_an_entry_is_asked_once_per_request(
    world, django_assert_num_queries
):
    contact_a, contact_b = world.users["municipality_a"], world.users["municipality_b"]
    entry = Entry.objects.get(pk=world.draft_a.pk)
    same = Entry.objects.get(pk=world.draft_a.pk)  # another object of the same entry
    for user, expected in [(contact_a, True), (contact_b, False), (world.users["juror"], False)]:
        with viewing(user):
            with django_assert_num_queries(1):
                assert user.has_perm("awards.write_entry", entry) is expected
            with django_assert_num_queries(0):
                assert user.has_perm("awards.write_entry", same) is expected
    # The next request asks again.
    with viewing(contact_a), django_assert_num_queries(1):
        assert contact_a.has_perm("awards.write_entry", entry)


def test_the_progress_names_the_same_missing_questions_as_the_submission(draft, questions):
    from awards.selectors import entry_progress, missing_answers, missing_in

    assert missing_in(entry_progress(draft)) == missing_answers(draft) == questions
    answers_save(entry=draft, values={questions[1]: "Svar"}, seen_versions={})
    assert missing_in(entry_progress(draft)) == missing_answers(draft)
    assert [q.pk for q in missing_answers(draft)] == [questions[0].pk, questions[2].pk]
