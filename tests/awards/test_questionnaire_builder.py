"""Organisers build the questionnaire in their own pages; answered questions are protected."""

import pytest
from django.urls import reverse

from awards.choices import QuestionKind
from awards.models import Question, Section
from awards.services import answers_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(world):
    return world.client_for("organiser")


@pytest.fixture
def open_edition(world):
    """The second edition: its questionnaire has no answers yet."""
    from awards.services import organiser_add

    organiser_add(edition=world.draft_a.edition, user=world.users["organiser"])
    return world.draft_a.edition


def question_data(**changes):
    data = {
        "kind": "scale",
        "text": "Hur väl uppfyller kommunen kravet?",
        "text_en": "How well does the municipality meet the requirement?",
        "help_text": "",
        "help_text_en": "",
        "required": "on",
        "word_limit": "",
        "unit": "",
        "min_value": "",
        "max_value": "",
        "scale_labels": "Inte alls\nDelvis\nHelt",
        "scale_labels_en": "Not at all\nPartly\nFully",
        "max_size_mb": "10",
    }
    data.update(changes)
    return data


def test_organiser_adds_a_section_and_a_scale_question(organiser, open_edition):
    url = reverse("awards:questionnaire", args=[open_edition.slug])
    organiser.post(url, {"title": "Styrning", "title_en": "Governance"})
    section = Section.objects.get(edition=open_edition, title="Styrning")
    assert section.position == 2
    create = reverse("awards:question-create", args=[open_edition.slug, section.pk])
    response = organiser.post(create, question_data())
    assert response.status_code == 302
    question = Question.objects.get(section=section)
    assert question.scale_labels == ["Inte alls", "Delvis", "Helt"]
    assert (question.position, question.kind) == (1, QuestionKind.SCALE)


def test_scale_question_is_answered_with_its_steps(world, organiser, open_edition):
    section = open_edition.sections.get()
    create = reverse("awards:question-create", args=[open_edition.slug, section.pk])
    organiser.post(create, question_data())
    question = Question.objects.get(section=section, kind="scale")
    contact = world.client_for("municipality_a")
    page = contact.get(
        reverse("awards:entry-section", kwargs={"pk": world.draft_a.pk, "position": 1})
    )
    assert "Delvis" in page.content.decode()
    contact.post(
        reverse("awards:entry-section", kwargs={"pk": world.draft_a.pk, "position": 1}),
        {f"q{question.pk}": "1", f"v{question.pk}": "0"},
    )
    answer = world.draft_a.answers.get(question=question)
    answer.question = question
    assert answer.display == "Delvis"


@pytest.mark.parametrize(
    "changes",
    [
        {"text": ""},
        {"kind": "poem"},
        {"scale_labels": "Bara ett steg"},
        {"scale_labels_en": "Only\nTwo\nThree\nFour"},
        {"kind": "number", "min_value": "10", "max_value": "5"},
        {"word_limit": "många"},
        {"max_size_mb": "500", "kind": "file"},
        {"text": "x" * 2001},
    ],
)
def test_question_bad_input_shows_messages_and_saves_nothing(organiser, open_edition, changes):
    section = open_edition.sections.get()
    before = list(Question.objects.filter(section=section).values())
    create = reverse("awards:question-create", args=[open_edition.slug, section.pk])
    response = organiser.post(create, question_data(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert list(Question.objects.filter(section=section).values()) == before


def test_answered_question_keeps_its_kind_and_cannot_be_removed(world, organiser):
    question = world.questions[0]
    edit = reverse("awards:question-edit", args=[world.edition.slug, question.pk])
    response = organiser.post(edit, question_data(kind="number", text="Ny text"))
    assert "kan inte byta typ" in response.content.decode()
    question.refresh_from_db()
    assert (question.kind, question.text) == (QuestionKind.LONG_TEXT, "Fråga 1")
    action = reverse("awards:question-delete", args=[world.edition.slug, question.pk])
    response = organiser.post(action, follow=True)
    assert "kan inte tas bort" in response.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()


def test_answered_question_text_can_still_be_improved(world, organiser):
    question = world.questions[0]
    edit = reverse("awards:question-edit", args=[world.edition.slug, question.pk])
    organiser.post(
        edit,
        question_data(
            kind="long_text",
            text="Vad är ni mest stolta över?",
            scale_labels="",
            scale_labels_en="",
        ),
    )
    question.refresh_from_db()
    assert question.text == "Vad är ni mest stolta över?"


def test_unanswered_question_can_be_removed(organiser, open_edition):
    question = Question.objects.filter(section__edition=open_edition).first()
    organiser.post(reverse("awards:question-delete", args=[open_edition.slug, question.pk]))
    assert not Question.objects.filter(pk=question.pk).exists()


def test_questions_move_up_and_down(organiser, open_edition):
    def order():
        in_order = Question.objects.filter(section__edition=open_edition).order_by("position")
        return list(in_order.values_list("pk", flat=True))

    questions = list(Question.objects.filter(section__edition=open_edition).order_by("position"))
    organiser.post(reverse("awards:question-up", args=[open_edition.slug, questions[2].pk]))
    assert order() == [questions[0].pk, questions[2].pk, questions[1].pk]
    first = reverse("awards:question-up", args=[open_edition.slug, questions[0].pk])
    organiser.post(first)
    assert Question.objects.get(pk=questions[0].pk).position == 1
    organiser.post(reverse("awards:question-down", args=[open_edition.slug, questions[2].pk]))
    assert order() == [questions[0].pk, questions[1].pk, questions[2].pk]


def test_section_with_answers_cannot_be_removed(world, organiser):
    section = world.questions[0].section
    url = reverse("awards:section-delete", args=[world.edition.slug, section.pk])
    response = organiser.post(url, follow=True)
    assert "kan inte tas bort" in response.content.decode()
    assert Section.objects.filter(pk=section.pk).exists()


def test_question_of_another_edition_is_404(world, organiser, open_edition):
    other = Question.objects.filter(section__edition=open_edition).first()
    url = reverse("awards:question-edit", args=[world.edition.slug, other.pk])
    assert organiser.get(url).status_code == 404


def test_contact_answers_before_and_after_builder_changes_are_kept(world, organiser, open_edition):
    question = Question.objects.filter(section__edition=open_edition).first()
    answers_save(entry=world.draft_a, values={question: "Vårt svar"}, seen_versions={})
    organiser.post(reverse("awards:question-delete", args=[open_edition.slug, question.pk]))
    assert world.draft_a.answers.get(question=question).text == "Vårt svar"
