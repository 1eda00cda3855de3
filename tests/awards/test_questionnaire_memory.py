"""Each process keeps an edition's questionnaire in memory under a stamp that every change to a
section or question renews: a page or an autosave reads no questions, and nobody writes
against an old question."""

import pytest
from django.urls import reverse

from awards.choices import QuestionKind
from awards.models import Edition, Question, Section
from awards.selectors import questionnaire
from awards.services import (
    question_delete,
    question_move,
    question_save,
    section_add,
    section_delete,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = factories.make_edition()
    factories.make_questionnaire(edition, questions=3)
    return edition


def fresh(edition):
    """The edition as the next request reads it."""
    return Edition.objects.get(pk=edition.pk)


def texts(edition):
    return [[q.text for q in questions] for _section, questions in questionnaire(fresh(edition))]


def test_the_questionnaire_is_read_once_per_process_until_it_changes(
    edition, django_assert_num_queries
):
    current, again = fresh(edition), fresh(edition)
    with django_assert_num_queries(2):  # the sections, their questions
        parts = questionnaire(current)
    with django_assert_num_queries(0):  # the next request, or the same one
        assert questionnaire(again) is parts
        assert questionnaire(current) is parts
    assert [[q.text for q in qs] for _s, qs in parts] == [["Fråga 1", "Fråga 2", "Fråga 3"]]
    assert all(q.section is parts[0][0] for q in parts[0][1])


@pytest.mark.parametrize(
    "change",
    [
        "question edited",
        "question added",
        "question removed",
        "question moved",
        "section added",
        "section removed",
        "saved elsewhere",
    ],
)
def test_every_change_to_sections_and_questions_shows_at_once(edition, change):
    before = fresh(edition).questionnaire_stamp
    texts(edition)  # in memory
    first, second, _third = Question.objects.filter(section__edition=edition).order_by("position")
    section = first.section
    if change == "question edited":
        first.text = "Ändrad fråga"
        question_save(question=first, actor=None)
        expected = [["Ändrad fråga", "Fråga 2", "Fråga 3"]]
    elif change == "question added":
        question_save(
            question=Question(section=section, kind=QuestionKind.SHORT_TEXT, text="Ny"),
            actor=None,
        )
        expected = [["Fråga 1", "Fråga 2", "Fråga 3", "Ny"]]
    elif change == "question removed":
        question_delete(question=second, actor=None)
        expected = [["Fråga 1", "Fråga 3"]]
    elif change == "question moved":
        question_move(question=second, up=True, actor=None)
        expected = [["Fråga 2", "Fråga 1", "Fråga 3"]]
    elif change == "section added":
        section_add(edition=edition, title="Mer", actor=None)
        expected = [["Fråga 1", "Fråga 2", "Fråga 3"], []]
    elif change == "section removed":
        section_delete(section=section, actor=None)
        expected = []
    else:  # the admin site or a shell: a plain save
        second.text = "Från admin"
        second.save()
        expected = [["Fråga 1", "Från admin", "Fråga 3"]]
    assert fresh(edition).questionnaire_stamp != before
    assert texts(edition) == expected


def test_an_edition_copied_from_another_has_its_own_questionnaire(edition, world):
    from awards.services import edition_copy

    texts(edition)
    copy = edition_copy(
        source=edition, year=2031, name="Kopia", slug="kopia-2031", actor=world.users["organiser"]
    )
    first = Question.objects.filter(section__edition=copy).order_by("position").first()
    first.text = "Bara i kopian"
    first.save()
    assert texts(copy) == [["Bara i kopian", "Fråga 2", "Fråga 3"]]
    assert texts(edition) == [["Fråga 1", "Fråga 2", "Fråga 3"]]


def test_a_contact_writes_against_the_question_an_organiser_just_added(world):
    draft, contact = world.draft_a, world.client_for("municipality_a")
    url = reverse("awards:entry-section", kwargs={"pk": draft.pk, "position": 1})
    assert contact.get(url).status_code == 200  # the questionnaire is now in memory
    section = Section.objects.get(edition=draft.edition, position=1)
    added = question_save(
        question=Question(section=section, kind=QuestionKind.SHORT_TEXT, text="Helt ny fråga"),
        actor=world.users["organiser"],
    )
    page = contact.get(url).content.decode()
    assert "Helt ny fråga" in page
    response = contact.post(
        url, {f"q{added.pk}": "Svar på den nya", f"v{added.pk}": 0}, HTTP_HX_REQUEST="true"
    )
    assert "Sparat kl." in response.content.decode()
    assert draft.answers.get(question=added).text == "Svar på den nya"
