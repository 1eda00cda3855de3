"""The public record of an edition, kept by its organisers: what the archive says of it
(winners, finalists, the motivation with its source, the jury, the gala, the organisers, what
the prize brings), and editions held before the award ran in Juryrum, entered afterwards.

Each change goes through a service in awards.services and so onto the audit trail."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from awards.choices import EntryStanding
from awards.errors import ActionRefused
from awards.forms import (
    EditionCopyForm,
    EditionRecordForm,
    JurorFormSet,
    RecordEntryAddForm,
    RecordStandingForm,
)
from awards.models import Entry, Municipality
from awards.services import (
    RECORD_FIELDS,
    edition_record_add,
    edition_record_update,
    jurors_on_record_save,
    record_check_open,
    record_entry_add,
    record_entry_remove,
    record_entry_set_standing,
)
from awards.views.base import EditionManageMixin


class RecordMixin(EditionManageMixin):
    """A page or action on the record of the edition named by the URL's slug."""

    template_name = "awards/edition_record.html"

    def entries(self):
        edition = self.get_object()
        entries = Entry.objects.filter(edition=edition).prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
        )
        if not edition.recorded_afterwards:
            entries = entries.exclude(standing=EntryStanding.ENTRANT)
        return entries.order_by("title")

    def render(self, *, form=None, add_form=None, jury_formset=None):
        edition = self.get_object()
        jurors = [
            {"name": j.name, "affiliation": j.affiliation, "chair": j.chair}
            for j in edition.jurors_on_record.all()
        ]
        entries = list(self.entries())
        for entry in entries:
            entry.standing_form = RecordStandingForm(
                initial={"standing": entry.standing},
                award=edition.award,
                prefix=f"entry-{entry.pk}",
            )
        return self.render_page(
            record_open=self.closed_because() is None,
            form=form or EditionRecordForm(instance=edition),
            add_form=add_form or RecordEntryAddForm(award=edition.award),
            jury_formset=jury_formset or JurorFormSet(initial=jurors, prefix="jury"),
            entries=entries,
        )

    def back(self):
        return redirect("awards:edition-record", slug=self.get_object().slug)

    def closed_because(self) -> str | None:
        """Why the record cannot be changed now (services.record_check_open), or None."""
        try:
            record_check_open(self.get_object())
        except ActionRefused as refused:
            return str(refused)
        return None

    def refused_while_closed(self):
        """Before the announcement the page has no forms; a post says why and changes
        nothing (the services refuse it as well)."""
        if reason := self.closed_because():
            messages.error(self.request, reason)
            return self.back()
        return None


class EditionRecordView(RecordMixin, DetailView):
    """The record page, and saving its texts and facts."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render()

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        if refused := self.refused_while_closed():
            return refused
        form = EditionRecordForm(request.POST, instance=edition)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in RECORD_FIELDS}
            if edition.recorded_afterwards:
                fields["announced_on"] = form.cleaned_data["announced_on"]
            try:
                edition_record_update(edition=edition, actor=request.user, **fields)
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("The record is saved."))
                return self.back()
        edition.refresh_from_db()
        return self.render(form=form)


class RecordEntryAddView(RecordMixin, DetailView):
    """Put an entry on the record of an edition entered afterwards. POST only."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        if refused := self.refused_while_closed():
            return refused
        form = RecordEntryAddForm(request.POST, award=edition.award)
        if form.is_valid():
            try:
                entry = record_entry_add(
                    edition=edition,
                    municipalities=form.cleaned_data["municipalities"],
                    standing=form.cleaned_data["standing"],
                    actor=request.user,
                )
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("%(entry)s is on the record.") % {"entry": entry})
                return self.back()
        return self.render(add_form=form)


class RecordEntryView(RecordMixin, DetailView):
    """Change how far an entry came, or take it off the record. POST only."""

    http_method_names = ["post"]
    remove = False

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        if refused := self.refused_while_closed():
            return refused
        entry = self.entries().filter(pk=kwargs["pk"]).first()
        if entry is None:
            messages.error(request, _("That entry is not on this edition's record."))
            return self.back()
        try:
            if self.remove:
                record_entry_remove(entry=entry, actor=request.user)
                messages.success(request, _("%(entry)s is off the record.") % {"entry": entry})
                return self.back()
            form = RecordStandingForm(request.POST, award=edition.award, prefix=f"entry-{entry.pk}")
            if not form.is_valid():
                raise ActionRefused(_("Choose how far the entry came."))
            record_entry_set_standing(
                entry=entry, standing=form.cleaned_data["standing"], actor=request.user
            )
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("%(entry)s: saved.") % {"entry": entry})
        return self.back()


class RecordJuryView(RecordMixin, DetailView):
    """Save the jury the record names. POST only."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        if refused := self.refused_while_closed():
            return refused
        formset = JurorFormSet(request.POST, prefix="jury")
        if formset.is_valid():
            try:
                jurors_on_record_save(edition=edition, jurors=formset.jurors(), actor=request.user)
            except ActionRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, _("The jury on record is saved."))
                return self.back()
        return self.render(jury_formset=formset)


class PastEditionAddView(EditionManageMixin, DetailView):
    """Enter an edition held before the award ran in Juryrum into its archive."""

    template_name = "awards/past_edition_add.html"

    def get(self, request, *args, **kwargs):
        self.object = source = self.get_object()
        return self.render_page(form=EditionCopyForm(initial={"name": source.name}))

    def post(self, request, *args, **kwargs):
        self.object = source = self.get_object()
        form = EditionCopyForm(request.POST)
        if form.is_valid():
            try:
                edition = edition_record_add(
                    award=source.award, actor=request.user, **form.cleaned_data
                )
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    _("%(edition)s is in the archive. Enter what is on record about it.")
                    % {"edition": f"{edition.name} {edition.year}"},
                )
                return redirect("awards:edition-record", slug=edition.slug)
        return self.render_page(form=form)
