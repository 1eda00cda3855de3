"""The questionnaire and the criteria, as organisers set them up."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from awards.choices import QuestionKind
from awards.errors import ActionRefused
from awards.forms import (
    CriterionForm,
    QuestionForm,
    SectionForm,
)
from awards.models import (
    Criterion,
    Question,
)
from awards.services import (
    criterion_delete,
    criterion_save,
    question_delete,
    question_move,
    question_save,
    section_add,
    section_delete,
    section_update,
)
from awards.views.base import EditionManageMixin, PageActionMixin


class QuestionnaireView(EditionManageMixin, DetailView):
    """The organiser's questionnaire builder: sections with their ordered questions."""

    template_name = "awards/questionnaire.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render(SectionForm())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = SectionForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        section_add(edition=edition, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The section is added."))
        return redirect("awards:questionnaire", slug=edition.slug)

    def render(self, form):
        edition = self.object
        sections = edition.sections.prefetch_related("questions")
        answered = set(
            Question.objects.filter(section__edition=edition)
            .filter(Q(answers__isnull=False) | Q(attachments__isnull=False))
            .values_list("pk", flat=True)
        )
        return self.render_page(form=form, sections=sections, answered=answered)


class SectionEditView(EditionManageMixin, DetailView):
    """Change a section's titles, and whom it asks and by when."""

    template_name = "awards/section_form.html"

    def section(self):
        return get_object_or_404(self.object.sections, pk=self.kwargs["section"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        section = self.section()
        return self.render_page(form=SectionForm(instance=section), section=section)

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        section = self.section()
        form = SectionForm(request.POST, instance=section)
        if form.is_valid():
            try:
                section_update(section=section, actor=request.user, **form.cleaned_data)
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("The section is saved."))
                return redirect("awards:questionnaire", slug=edition.slug)
        section.refresh_from_db()
        return self.render_page(form=form, section=section)


class QuestionFormView(EditionManageMixin, DetailView):
    """Add a question to a section, or change one."""

    template_name = "awards/question_form.html"

    def question(self):
        edition = self.object
        if "question" in self.kwargs:
            return get_object_or_404(
                Question.objects.select_related("section"),
                pk=self.kwargs["question"],
                section__edition=edition,
            )
        section = get_object_or_404(edition.sections, pk=self.kwargs["section"])
        return Question(section=section, kind=QuestionKind.LONG_TEXT)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        question = self.question()
        return self.render(QuestionForm(instance=question), question)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        question = self.question()
        form = QuestionForm(request.POST, instance=question)
        if form.is_valid():
            try:
                question_save(question=form.instance, actor=request.user)
            except ActionRefused as refused:
                form.add_error("kind", str(refused))
            else:
                messages.success(request, _("The question is saved."))
                return redirect("awards:questionnaire", slug=self.object.slug)
        return self.render(form, question)

    def render(self, form, question):
        return self.render_page(form=form, question=question)


class QuestionnaireAction(PageActionMixin, EditionManageMixin, DetailView):
    """A button on the questionnaire page that changes one of its sections or questions."""

    def page_url(self):
        return reverse("awards:questionnaire", args=[self.object.slug])


class SectionDeleteView(QuestionnaireAction):
    success_message = gettext_lazy("The section is removed.")

    def act(self, form):
        section = get_object_or_404(self.object.sections, pk=self.kwargs["section"])
        section_delete(section=section, actor=self.request.user)


class QuestionAction(QuestionnaireAction):
    @cached_property
    def question(self):
        return get_object_or_404(
            Question.objects.select_related("section"),
            pk=self.kwargs["question"],
            section__edition=self.object,
        )

    def page_url(self):
        return f"{super().page_url()}#section-{self.question.section_id}"


class QuestionMoveView(QuestionAction):
    up = True  # as_view(up=False) moves it down

    def act(self, form):
        question_move(question=self.question, up=self.up, actor=self.request.user)

    def done(self, result):
        """No message: the list, in its new order, says it."""


class QuestionDeleteView(QuestionAction):
    success_message = gettext_lazy("The question is removed.")

    def act(self, form):
        question_delete(question=self.question, actor=self.request.user)


class CriteriaView(EditionManageMixin, DetailView):
    """The organiser sets the criteria the jury judges by: weight and a labelled scale."""

    template_name = "awards/criteria.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render(CriterionForm())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = CriterionForm(request.POST, instance=Criterion(edition=edition, position=0))
        if form.is_valid():
            criterion_save(criterion=form.instance, actor=request.user)
            messages.success(request, _("The criterion is added."))
            return redirect("awards:criteria", slug=edition.slug)
        return self.render(form)

    def render(self, form):
        return self.render_page(form=form, criteria=self.object.criteria.all())


class CriterionEditView(EditionManageMixin, DetailView):
    template_name = "awards/criterion_form.html"

    def criterion(self):
        return get_object_or_404(self.object.criteria, pk=self.kwargs["criterion"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        criterion = self.criterion()
        return self.render(CriterionForm(instance=criterion), criterion)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        criterion = self.criterion()
        form = CriterionForm(request.POST, instance=criterion)
        if form.is_valid():
            criterion_save(criterion=form.instance, actor=request.user)
            messages.success(request, _("The criterion is saved."))
            return redirect("awards:criteria", slug=self.object.slug)
        return self.render(form, criterion)

    def render(self, form, criterion):
        return self.render_page(form=form, criterion=criterion)


class CriterionDeleteView(PageActionMixin, EditionManageMixin, DetailView):
    success_message = gettext_lazy("The criterion is removed.")

    def act(self, form):
        criterion = get_object_or_404(self.object.criteria, pk=self.kwargs["criterion"])
        criterion_delete(criterion=criterion, actor=self.request.user)

    def page_url(self):
        return reverse("awards:criteria", args=[self.object.slug])
