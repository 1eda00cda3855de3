"""The people around an edition: municipality contacts and invitations, nominations, the audit
trail, personal data and paused sign-ins."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts import sso
from accounts.forms import JuryrumSetPasswordForm
from accounts.personal_data import personal_data_json
from accounts.personal_data import summary as personal_data_summary
from accounts.security import has_trusted_role, sign_in_unlock
from awards.errors import ActionRefused
from awards.exports import (
    audit_table,
    table_response,
)
from awards.forms import (
    AnonymiseForm,
    AuditFilterForm,
    InviteContactForm,
    NominationForm,
    PersonLookupForm,
)
from awards.models import (
    Edition,
)
from awards.selectors import (
    audit_actors,
    audit_kinds,
    audit_rows,
    audit_trail,
    contacts_for_edition,
    editions_for_public,
    invitations_recent,
    person_in_edition,
    sign_ins_an_organiser_may_unlock,
)
from awards.services import (
    contact_invite,
    contact_remove,
    invitation_accept,
    invitation_from_token,
    nomination_handle,
    nomination_submit,
    person_anonymise,
)
from awards.views.base import (
    EditionManageMixin,
    ObjectPermissionRequiredMixin,
    PageActionMixin,
    PageMixin,
)


class EditionContactsView(EditionManageMixin, DetailView):
    """The organiser invites municipality contacts and sees who acts for each entry."""

    template_name = "awards/edition_contacts.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render(InviteContactForm())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = InviteContactForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        invitation = contact_invite(invited_by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(email)s is now a contact for %(municipality)s; the invitation is on its way.")
            % {"email": invitation.email, "municipality": invitation.municipality},
        )
        return redirect("awards:edition-contacts", slug=self.object.slug)

    def render(self, form):
        context = self.get_context_data(
            form=form,
            contacts=contacts_for_edition(self.object),
            invitations=invitations_recent(),
        )
        return TemplateResponse(self.request, self.template_name, context)


class ContactRemoveView(ObjectPermissionRequiredMixin, DetailView):
    """Remove a contact: GET asks for confirmation, POST removes."""

    permission_required = "awards.manage_edition"
    template_name = "awards/contact_remove.html"

    @cached_property
    def edition(self):
        return get_object_or_404(Edition, slug=self.kwargs["slug"])

    def get_permission_object(self):
        return self.edition

    def get_queryset(self):
        return contacts_for_edition(self.edition)

    def post(self, request, *args, **kwargs):
        contact = self.get_object()
        contact_remove(contact=contact, actor=request.user)
        messages.success(
            request,
            _("%(person)s no longer acts for %(municipality)s.")
            % {"person": contact.user, "municipality": contact.municipality},
        )
        return redirect("awards:edition-contacts", slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class InvitationAcceptView(TemplateView):
    """Where an invitation link leads: a new person chooses a password, a known one confirms.
    Expired, forged and used links get a clear message and change nothing."""

    template_name = "awards/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = invitation_from_token(kwargs["token"])
        except ActionRefused as refused:
            return TemplateResponse(request, self.template_name, {"refusal": str(refused)})
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        """A password is chosen only by a new person who did not come through their
        organisation's sign-in service (signed in as the invited person)."""
        user = self.invitation.user
        if user.has_usable_password() or self.request.user == user:
            return None
        return JuryrumSetPasswordForm(user, data)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            user = invitation_accept(
                invitation=self.invitation,
                password=form.cleaned_data["new_password1"] if form else None,
            )
        except ActionRefused as refused:
            return self.render_to_response(self.get_context_data(refusal=str(refused)))
        if request.user != user:
            login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
        if self.invitation.edition_id:
            messages.success(
                request,
                _("Welcome to the jury of %(edition)s.") % {"edition": self.invitation.edition},
            )
        else:
            messages.success(
                request,
                _("Welcome! You now act for %(municipality)s.")
                % {"municipality": self.invitation.municipality},
            )
        return redirect("start")

    def get_context_data(self, **kwargs):
        providers = [p for p in sso.providers() if p.serves(self.invitation.email)]
        return super().get_context_data(
            invitation=self.invitation,
            providers=providers,
            signed_in_as_invited=self.request.user == self.invitation.user,
            next=self.request.path,
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class NominateView(PageMixin, DetailView):
    """Anyone may propose a municipality while the edition takes entries."""

    template_name = "awards/nominate.html"
    context_object_name = "edition"

    def get_queryset(self):
        return editions_for_public()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=NominationForm())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = NominationForm(request.POST)
        if form.is_valid():
            if not form.is_from_a_robot:
                data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
                try:
                    nomination_submit(edition=edition, **data)
                except ActionRefused as refused:
                    form.add_error(None, str(refused))
                    return self.render_page(form=form)
            messages.success(
                request,
                _(
                    "Thank you! The organisers check every nomination "
                    "before the municipality is told."
                ),
            )
            return redirect("awards:edition-detail", slug=edition.slug)
        return self.render_page(form=form)


class EditionNominationsView(EditionManageMixin, DetailView):
    """The organiser verifies or rejects the nominations; verifying opens a draft entry."""

    template_name = "awards/edition_nominations.html"

    def get_context_data(self, **kwargs):
        nominations = self.object.nominations.select_related("municipality", "entry").order_by(
            "status", "-created_at"
        )
        return super().get_context_data(nominations=nominations, **kwargs)


class NominationHandleView(PageActionMixin, EditionNominationsView):
    """Verify a nomination, which opens a draft entry, or reject it (as_view(verified=False))."""

    verified = True

    def act(self, form):
        nomination = get_object_or_404(
            self.object.nominations.select_related("municipality", "edition"),
            pk=self.kwargs["pk"],
        )
        nomination_handle(nomination=nomination, verified=self.verified, actor=self.request.user)
        return nomination

    def done(self, nomination):
        messages.success(
            self.request,
            _("The nomination of %(municipality)s is %(status)s.")
            % {
                "municipality": nomination.municipality,
                "status": nomination.get_status_display().lower(),
            },
        )

    def page_url(self):
        return reverse("awards:edition-nominations", args=[self.object.slug])


class EditionAuditView(EditionManageMixin, DetailView):
    """The edition's audit trail for its organisers: who changed what, when and from where,
    filtered, a page at a time, and as CSV or XLSX with the same filters."""

    template_name = "awards/audit.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = AuditFilterForm(
            request.GET or None, kinds=audit_kinds(edition), actors=audit_actors(edition)
        )
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        trail = audit_trail(edition, **filters)
        export = request.GET.get("export")
        if export:
            return table_response(f"{edition.slug}-audit", *audit_table(trail), export)
        page = Paginator(trail, self.paginate_by).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = self.get_context_data(
            form=form,
            page=page,
            rows=audit_rows(page.object_list),
            query=query.urlencode(),
        )
        return TemplateResponse(request, self.template_name, context)


class EditionPersonalDataView(EditionManageMixin, DetailView):
    """GDPR requests about a contact or nominator of the edition: what is held about them (as
    a file to hand over), and anonymising them while entries, scores and decisions stay."""

    template_name = "awards/personal_data.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = PersonLookupForm(request.GET or None)
        if not form.is_bound or not form.is_valid():
            return self.render(form)
        return self.render(form, *self.person(form))

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        lookup = PersonLookupForm(request.POST)
        if not lookup.is_valid():
            return self.render(lookup)
        user, email = self.person(lookup)
        if not email:
            return self.render(lookup)
        if request.POST.get("action") == "download":
            response = HttpResponse(
                personal_data_json(user, email), content_type="application/json; charset=utf-8"
            )
            response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
            response["Cache-Control"] = "no-store"
            return response
        form = AnonymiseForm(request.POST)
        if not form.is_valid():
            return self.render(lookup, user, email, form)
        try:
            person_anonymise(edition=edition, user=user, email=email, actor=request.user)
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render(lookup, user, email, form)
        messages.success(
            request, _("The person is anonymised. Entries and the jury's record stay.")
        )
        return redirect("awards:personal-data", slug=edition.slug)

    def person(self, form):
        email = form.cleaned_data["email"]
        user, known = person_in_edition(self.object, email)
        if not known:
            form.add_error(
                "email",
                _("No contact, nominator or invited person of this edition has that address."),
            )
            return None, ""
        return user, email

    def render(self, form, user=None, email="", anonymise_form=None):
        found = bool(email)
        context = self.get_context_data(
            form=form,
            person=user,
            email=email,
            found=found,
            summary=personal_data_summary(user, email) if found else {},
            trusted=user is not None and has_trusted_role(user),
            anonymise_form=anonymise_form or AnonymiseForm(initial={"email": email}),
        )
        return TemplateResponse(self.request, self.template_name, context)


class LockoutsView(PermissionRequiredMixin, TemplateView):
    """Names locked out after too many wrong passwords, for an organiser to unlock (say, a
    contact who phoned in on deadline day)."""

    permission_required = "awards.unlock_sign_in"
    raise_exception = True
    template_name = "awards/lockouts.html"

    def get_context_data(self, **kwargs):
        lockouts = sign_ins_an_organiser_may_unlock(self.request.user)
        return super().get_context_data(lockouts=lockouts, **kwargs)

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        among = sign_ins_an_organiser_may_unlock(request.user)
        if not sign_in_unlock(username=username, actor=request.user, among=among):
            messages.error(request, _("That name is not locked out."))
        else:
            messages.success(request, _("%(name)s can sign in again.") % {"name": username})
        return redirect("awards:lockouts")
