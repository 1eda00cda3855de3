"""A municipality's entries as its contacts see them: the list, one entry, registering, submitting
and the confirmation, withdrawing, the dossier and the publication proof, and joint entries'
invitations."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin

from awards.choices import EntryState
from awards.documents import dossier_filename, entry_dossier_pdf
from awards.errors import ActionRefused
from awards.forms import (
    RegisterEntryForm,
    SubmitEntryForm,
)
from awards.models import (
    PartnerInvitation,
    Publication,
)
from awards.selectors import (
    editions_for_public,
    editions_open_to,
    entries_for_contact,
    entry_progress,
    entry_recipients,
    later_parts_of_entry,
    missing_in,
    partner_invitations_for_contact,
    publication_text_of_entry,
    questionnaire_with_answers,
    registrable_municipalities_for_contact,
)
from awards.services import (
    entry_check_writable,
    entry_register,
    entry_submit,
    entry_withdraw,
    partner_invitation_accept,
    partner_invitation_decline,
    publication_proof_approve,
)
from awards.views.base import (
    EntryObjectMixin,
    ObjectPermissionRequiredMixin,
)


class OwnEntryListView(PermissionRequiredMixin, ListView):
    """A municipality contact's entries, with what they may know of each."""

    permission_required = "awards.list_own_entries"
    template_name = "awards/entry_list.html"
    context_object_name = "entries"

    def get_queryset(self):
        return entries_for_contact(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            open_editions=editions_open_to(user),
            partner_invitations=partner_invitations_for_contact(user),
            **kwargs,
        )


class EntryDetailView(EntryObjectMixin, DetailView):
    """One entry: its answers and, for its contacts, where it stands and what is missing."""

    permission_required = "awards.view_entry"
    template_name = "awards/entry_detail.html"

    def get_context_data(self, **kwargs):
        entry, user = self.object, self.request.user
        is_writer = user.has_perm("awards.write_entry", entry)
        context = {
            "questionnaire": questionnaire_with_answers(entry),
            "is_writer": is_writer,
            "can_change": is_writer and user.has_perm("awards.change_entry", entry),
        }
        feedback = getattr(entry, "feedback", None)
        if is_writer and feedback is not None and feedback.is_public_to_entrant():
            context["feedback"] = feedback
            context["feedback_rows"] = feedback.criterion_rows(entry.edition.criteria.all())
        if is_writer and entry.edition.finalists_are_public():
            # The jury's visits, once the finalists are public (a visit tells who is one).
            context["visits"] = entry.site_visits.order_by("starts_at")
        if is_writer or user.has_perm("awards.manage_edition", entry.edition):
            context["later_parts"] = later_parts_of_entry(entry)
            if entry.state == EntryState.DRAFT:
                context["progress"] = progress = entry_progress(entry, context["questionnaire"])
                context["missing"] = missing_in(progress)
                context["next_task"] = next(
                    (p for p in progress if p.status in ("in_progress", "not_started")), None
                )
            context["partner_invitations"] = (
                entry.partner_invitations.exclude(status=PartnerInvitation.Status.ACCEPTED)
                .select_related("municipality")
                .prefetch_related("municipality__contacts")
            )
            context["history"] = entry.state_changes.select_related("actor")
        return super().get_context_data(**context, **kwargs)


class EntryDossierView(EntryObjectMixin, DetailView):
    """The entry as a PDF for reading on paper: whoever may see the entry may have it (so a
    conflicted juror gets a 404, as for the entry itself)."""

    permission_required = "awards.view_entry"

    def get(self, request, *args, **kwargs):
        entry = self.get_object()
        response = HttpResponse(entry_dossier_pdf(entry), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{dossier_filename(entry)}"'
        return response


class EntrySubmitView(EntryObjectMixin, DetailView):
    """Submit the entry: first a check of what is missing, then a confirmation."""

    permission_required = "awards.write_entry"
    template_name = "awards/entry_submit.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render(SubmitEntryForm())

    def post(self, request, *args, **kwargs):
        self.object = entry = self.get_object()
        form = SubmitEntryForm(request.POST)
        if form.is_valid():
            try:
                entry_submit(entry=entry, actor=request.user)
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                return redirect("awards:entry-submitted", pk=entry.pk)
        return self.render(form)

    def render(self, form):
        entry = self.object
        refusal = None
        can_change = self.request.user.has_perm("awards.change_entry", entry)
        if not can_change:
            try:
                entry_check_writable(entry)
            except ActionRefused as refused:
                refusal = str(refused)
        progress = entry_progress(entry) if entry.state == EntryState.DRAFT else []
        return self.render_page(
            form=form,
            missing=missing_in(progress),
            progress=progress,
            can_change=can_change,
            refusal=refusal,
        )


class EntrySubmittedView(EntryObjectMixin, DetailView):
    """The confirmation after submitting (GOV.UK confirmation page): that it arrived, who
    gets the receipt, what happens next and when, and the entry as a PDF."""

    permission_required = "awards.write_entry"
    template_name = "awards/entry_submitted.html"

    def get(self, request, *args, **kwargs):
        self.object = entry = self.get_object()
        if entry.submitted_at is None or entry.state == EntryState.DRAFT:
            return redirect("awards:entry-submit", pk=entry.pk)
        return self.render_to_response(self.get_context_data(recipients=entry_recipients(entry)))


class EntryRegisterView(ObjectPermissionRequiredMixin, DetailView):
    """A contact registers their municipality (alone or jointly) for an edition."""

    permission_required = "awards.register_entry"
    template_name = "awards/entry_register.html"
    context_object_name = "edition"

    def get_queryset(self):
        return editions_for_public()

    def form(self, data=None):
        municipalities = registrable_municipalities_for_contact(self.request.user, self.object)
        return RegisterEntryForm(data, municipalities=municipalities)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=self.form())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = self.form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = entry_register(
                    edition=edition,
                    municipalities=[data["municipality"], *data["partners"]],
                    title=data["title"],
                    publication_consent=data["publication_consent"],
                    competing=data["competing"],
                    actor=request.user,
                )
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("The entry is registered. Now write the answers."))
                invited = entry.partner_invitations.select_related("municipality")
                if invited:
                    names = ", ".join(i.municipality.name for i in invited)
                    messages.info(
                        request,
                        ngettext(
                            "%(names)s joins when one of its contacts accepts our invitation.",
                            "%(names)s join when one of their contacts accepts our invitation.",
                            len(invited),
                        )
                        % {"names": names},
                    )
                return redirect(entry)
        return self.render_page(form=form)


class PartnerInvitationMixin(ObjectPermissionRequiredMixin):
    """An invitation into a joint entry, known only to the invited municipality's contacts:
    404 for everyone else, so nobody learns of an entry they are not part of."""

    permission_required = "awards.answer_partner_invitation"
    context_object_name = "invitation"
    queryset = PartnerInvitation.objects.select_related(
        "entry__edition__award", "municipality", "invited_by", "answered_by"
    )

    def handle_no_permission(self):
        raise Http404


class PartnerInvitationView(PartnerInvitationMixin, DetailView):
    """What joining means, then accept or decline (each its own URL)."""

    template_name = "awards/partner_invitation.html"

    def get_context_data(self, **kwargs):
        invitation = self.object
        partners = invitation.entry.municipalities.order_by("name")
        return super().get_context_data(partners=partners, **kwargs)


class PartnerInvitationAnswerView(PartnerInvitationMixin, DetailView):
    """POST only: accept or decline, then back to the municipality's entries."""

    http_method_names = ["post"]
    accept = True

    def post(self, request, *args, **kwargs):
        invitation = self.get_object()
        try:
            if self.accept:
                entry = partner_invitation_accept(invitation=invitation, actor=request.user)
            else:
                partner_invitation_decline(invitation=invitation, actor=request.user)
        except ActionRefused as refused:
            messages.error(request, str(refused))
            return redirect(invitation)
        if self.accept:
            messages.success(
                request,
                _("%(name)s is now part of the entry. Write the answers together with the others.")
                % {"name": invitation.municipality},
            )
            return redirect(entry)
        messages.success(
            request,
            _("You have declined. %(name)s can still register an entry of its own.")
            % {"name": invitation.municipality},
        )
        return redirect("awards:entry-list")


class EntryWithdrawView(EntryObjectMixin, DetailView):
    """A contact declines a nominated entry or withdraws their own: GET asks, POST does it."""

    permission_required = "awards.write_entry"
    template_name = "awards/entry_withdraw.html"

    def post(self, request, *args, **kwargs):
        entry = self.get_object()
        reason = request.POST.get("reason", "")[:1000]
        try:
            entry_withdraw(entry=entry, actor=request.user, reason=reason)
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The entry is withdrawn. Its answers are kept."))
        return redirect(entry)


class EntryProofView(EntryObjectMixin, DetailView):
    """The entry's text as the publication will print it; a contact approves it. POST
    approves."""

    permission_required = "awards.write_entry"
    template_name = "awards/entry_proof.html"

    def get_context_data(self, **kwargs):
        entry = self.object
        mine = publication_text_of_entry(entry)
        return super().get_context_data(
            published=mine,
            proof=mine.proof if mine else None,
            changed=mine is not None and mine.proof is not None and not mine.approved,
            open=Publication.objects.filter(edition_id=entry.edition_id).exists(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        entry = self.get_object()
        try:
            publication_proof_approve(entry=entry, actor=request.user)
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Thank you: your text is approved for the publication."))
        return redirect("awards:entry-proof", pk=entry.pk)
