"""The outbox: mails to the entrants prepared from templates, reviewed and sent."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from awards.errors import ActionRefused
from awards.forms import (
    OutboxMessageForm,
)
from awards.models import (
    OutboxMessage,
)
from awards.selectors import (
    entries_without_recipients,
)
from awards.services import (
    outbox_discard,
    outbox_message_update,
    outbox_prepare,
    outbox_send,
)
from awards.views.base import (
    EditionManageMixin,
)


class OutboxView(EditionManageMixin, DetailView):
    """Messages to entrants prepared from templates: the organiser reviews, edits and sends
    them; sending runs in the background and each sent mail is recorded."""

    template_name = "awards/outbox.html"

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        action = request.POST.get("action")
        try:
            if action in ("prepare", "prepare-decision"):
                stage = "decision" if action == "prepare-decision" else "finalists"
                added = outbox_prepare(edition=edition, stage=stage, actor=request.user)
                messages.success(request, _("%(n)s messages prepared for review.") % {"n": added})
                unreachable = entries_without_recipients(edition).finalists
                if unreachable:
                    # Say what the outbox could not do, rather than writing fewer mails quietly.
                    messages.warning(
                        request,
                        _("No mail was written to %(names)s: they have no contact person.")
                        % {"names": ", ".join(e.title for e in unreachable)},
                    )
            elif action == "send":
                ids = [int(v) for v in request.POST.getlist("message") if str(v).isdigit()]
                if not ids:
                    messages.error(request, _("Tick the messages to send."))
                else:
                    queued = outbox_send(edition=edition, message_ids=ids, actor=request.user)
                    messages.success(
                        request, _("%(n)s messages queued for sending.") % {"n": queued}
                    )
            else:
                messages.error(request, _("Choose to prepare or send messages."))
        except ActionRefused as refused:
            messages.error(request, str(refused))
        return redirect("awards:outbox", slug=edition.slug)

    def get_context_data(self, **kwargs):
        outbox = self.object.outbox.select_related("entry", "queued_by").order_by(
            "status", "kind", "entry__title", "email"
        )
        return super().get_context_data(
            outbox=outbox,
            Status=OutboxMessage.Status,
            unreachable=entries_without_recipients(self.object),
            **kwargs,
        )


class OutboxMessageView(EditionManageMixin, DetailView):
    """Read and edit one message before it is sent, or discard it."""

    template_name = "awards/outbox_message.html"

    @cached_property
    def message(self):
        return get_object_or_404(
            OutboxMessage.objects.select_related("entry"),
            pk=self.kwargs["pk"],
            edition=self.get_object(),
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        message = self.message
        form = OutboxMessageForm(
            initial={
                "subject": message.subject,
                "body": message.body,
                "seen_version": message.version,
            }
        )
        return self.render_page(form=form)

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        message = self.message
        try:
            if request.POST.get("action") == "discard":
                outbox_discard(message=message)
                messages.success(request, _("The message is discarded."))
                return redirect("awards:outbox", slug=edition.slug)
            form = OutboxMessageForm(request.POST)
            if not form.is_valid():
                return self.render_page(form=form)
            outbox_message_update(
                message=message,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                seen_version=form.cleaned_data["seen_version"],
            )
        except ActionRefused as refused:
            form = OutboxMessageForm(request.POST)
            form.is_valid()
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(request, _("The message is saved."))
        return redirect("awards:outbox", slug=edition.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(message=self.message, **kwargs)
