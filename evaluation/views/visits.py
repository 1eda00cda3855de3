"""Site visits: the list, planning a visit, a visit's page, the interview question bank, the
municipality's view of its visit and the calendar file."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView
from icalendar import Calendar, Event, vCalAddress, vText

from awards.errors import ActionRefused
from awards.views.base import ObjectPermissionRequiredMixin, PageActionMixin
from evaluation.choices import VisitMode
from evaluation.forms import (
    IntervieweesForm,
    InterviewQuestionForm,
    VisitForm,
)
from evaluation.models import InterviewQuestion
from evaluation.selectors import (
    declaration_rows_for_member,
    entries_for_jury_member,
    finalists_of_edition,
    members_free_of,
    notes_of_member,
    question_bank,
    shared_notes,
    visits_for_entrant,
    visits_for_viewer,
    visits_with_people,
)
from evaluation.services import (
    interview_question_add,
    interview_question_delete,
    interviewees_confirm,
    visit_delete,
    visit_save,
)
from evaluation.views.base import (
    EditionPageMixin,
    VisitMixin,
)


class VisitsView(EditionPageMixin, DetailView):
    """The edition's visits as the viewer may know them; for the chair and organisers also
    the finalists still to be visited."""

    permission_required = "evaluation.view_jury"
    template_name = "evaluation/visits.html"

    def get_context_data(self, **kwargs):
        user, edition = self.request.user, self.object
        organiser = user.has_perm("awards.manage_edition", edition)
        can_plan = user.has_perm("evaluation.manage_visits", edition)
        visits = list(visits_for_viewer(user, edition, organiser=organiser))
        visited = {visit.entry_id for visit in visits}
        to_plan = []
        if can_plan:
            finalists = finalists_of_edition(edition)
            if not organiser:
                # The chair plans visits only to the finalists they may read.
                readable = entries_for_jury_member(user, edition).values("pk")
                finalists = finalists.filter(pk__in=readable)
            to_plan = [e for e in finalists if e.pk not in visited]
        own = self.seat.pk if self.seat else None
        rows = [(visit, any(m.pk == own for m in visit.participants.all())) for visit in visits]
        # What keeps a member from their visits: entries they have not declared on.
        undeclared = (
            sum(1 for row in declaration_rows_for_member(self.seat) if row.declaration is None)
            if self.seat
            else 0
        )
        return super().get_context_data(
            rows=rows,
            to_plan=to_plan,
            can_plan=can_plan,
            organiser=organiser,
            undeclared=undeclared,
            **kwargs,
        )


class VisitPlanView(EditionPageMixin, DetailView):
    """Plan a visit to a finalist (pk: the entry) or change one (visit: the visit)."""

    permission_required = "evaluation.manage_visits"
    template_name = "evaluation/visit_form.html"

    @cached_property
    def visit(self):
        if "visit" not in self.kwargs:
            return None
        visit = get_object_or_404(
            visits_with_people(), pk=self.kwargs["visit"], entry__edition=self.get_object()
        )
        if not self.request.user.has_perm("evaluation.view_visit", visit):
            raise Http404
        return visit

    @cached_property
    def entry(self):
        if self.visit is not None:
            return self.visit.entry
        entry = get_object_or_404(finalists_of_edition(self.get_object()), pk=self.kwargs["pk"])
        if not self.request.user.has_perm("awards.view_entry", entry):
            raise Http404
        return entry

    def form(self, data=None):
        members = members_free_of(self.get_object(), self.entry)
        return VisitForm(data, members=members, visit=self.visit)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=self.form())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form=form)
        try:
            visit = visit_save(
                entry=self.entry,
                details=form.details(),
                participants=list(form.cleaned_data["participants"]),
                visit=self.visit,
                seen_version=form.cleaned_data["seen_version"],
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(request, _("The visit to %(entry)s is saved.") % {"entry": visit.entry})
        return redirect("evaluation:visit", slug=edition.slug, pk=visit.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(visit=self.visit, entry=self.entry, **kwargs)


class VisitView(VisitMixin, DetailView):
    """The visit for the jury: when, where, who, the interviewees, the notes shared with the
    jury and the report."""

    template_name = "evaluation/visit.html"

    def get_context_data(self, **kwargs):
        user, visit = self.request.user, self.visit
        return super().get_context_data(
            own_notes=notes_of_member(visit, self.seat),
            shared=shared_notes(visit),
            can_write_notes=user.has_perm("evaluation.write_visit_notes", visit),
            can_write_report=user.has_perm("evaluation.write_visit_report", visit),
            can_plan=user.has_perm("evaluation.manage_visits", self.object),
            **kwargs,
        )


class VisitCancelView(PageActionMixin, VisitPlanView):
    """Cancel a planned visit; one with notes or a report stays on record (refused)."""

    success_message = gettext_lazy("The visit is cancelled.")
    cancelled = False

    def act(self, form):
        visit_delete(visit=self.visit)
        self.cancelled = True

    def page_url(self):
        if self.cancelled:
            return reverse("evaluation:visits", args=[self.object.slug])
        return reverse("evaluation:visit", args=[self.object.slug, self.visit.pk])


class QuestionBankView(EditionPageMixin, DetailView):
    """The edition's interview questions by theme: add and remove."""

    permission_required = "evaluation.manage_visits"
    template_name = "evaluation/question_bank.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=InterviewQuestionForm())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = InterviewQuestionForm(request.POST)
        if not form.is_valid():
            return self.render_page(form=form)
        interview_question_add(edition=edition, **form.cleaned_data)
        messages.success(request, _("The question is added."))
        return redirect("evaluation:question-bank", slug=edition.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(bank=question_bank(self.object), **kwargs)


class InterviewQuestionDeleteView(PageActionMixin, QuestionBankView):
    success_message = gettext_lazy("The question is removed.")

    def act(self, form):
        question = get_object_or_404(
            InterviewQuestion, pk=self.kwargs["question"], edition=self.object
        )
        interview_question_delete(question=question)

    def page_url(self):
        return reverse("evaluation:question-bank", args=[self.object.slug])


# The visited municipality


class EntrantVisitView(ObjectPermissionRequiredMixin, DetailView):
    """What the visited municipality sees: when, where, who comes and the agenda; here its
    contacts name and confirm the interviewees. Never the guide or any note."""

    permission_required = "evaluation.view_visit_as_entrant"
    template_name = "evaluation/visit_entrant.html"
    context_object_name = "visit"

    def get_queryset(self):
        return visits_with_people()

    def handle_no_permission(self):
        raise Http404

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=IntervieweesForm(visit=self.object))

    def post(self, request, *args, **kwargs):
        self.object = visit = self.get_object()
        form = IntervieweesForm(request.POST, visit=visit)
        if not form.is_valid():
            return self.render_page(form=form)
        try:
            interviewees_confirm(
                visit=visit,
                people=form.people,
                seen_version=form.cleaned_data["seen_version"],
                actor=request.user,
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(request, _("Thank you: the interviewees are confirmed."))
        return redirect("evaluation:visit-entrant", pk=visit.pk)

    def get_context_data(self, **kwargs):
        others = visits_for_entrant(self.object.entry).exclude(pk=self.object.pk)
        return super().get_context_data(others=others, **kwargs)


class VisitCalendarView(View):
    """The visit as a calendar file, for its participants and the visited municipality."""

    def get(self, request, pk):
        visit = get_object_or_404(visits_with_people(), pk=pk)
        user = request.user
        jury = user.has_perm("evaluation.view_visit", visit)
        if not (jury or user.has_perm("evaluation.view_visit_as_entrant", visit)):
            raise Http404
        calendar = Calendar()
        calendar.add("prodid", "-//Juryrum//Site visit//EN")
        calendar.add("version", "2.0")
        event = Event()
        event.add("uid", f"visit-{visit.pk}@juryrum")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", visit.starts_at)
        event.add("dtend", visit.ends_at)
        event.add("sequence", visit.version)
        event.add(
            "summary",
            _("Site visit: %(entry)s (%(edition)s)")
            % {"entry": visit.entry.title, "edition": visit.entry.edition.name},
        )
        if visit.mode == VisitMode.ON_SITE:
            event.add("location", visit.address)
        else:
            event.add("location", visit.meeting_url)
            event.add("url", visit.meeting_url)
        members = list(visit.participants.all())
        visitors = ", ".join(f"{m.user} ({m.get_role_display().lower()})" for m in members)
        heading = _("The visiting jury: %(names)s") % {"names": visitors}
        event.add("description", "\n\n".join(filter(None, [heading, visit.agenda])))
        # The jury's addresses are for the jury: the visited municipality gets the names, as on
        # its page, and writes to the organisers.
        for member in members if jury else []:
            if member.user.email:
                attendee = vCalAddress(f"mailto:{member.user.email}")
                attendee.params["cn"] = vText(str(member.user))
                event.add("attendee", attendee, encode=0)
        calendar.add_component(event)
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="site-visit-{visit.pk}.ics"'
        return response
