"""The outbox: mails to the entrants prepared from templates, reviewed and sent."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from awards.errors import ActionRefused
from awards.forms import OutboxMessageForm, OutboxPrepareForm, OutboxSendForm
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
from awards.views.base import EditionManageMixin, PageActionMixin


class OutboxView(EditionManageMixin, DetailView):
    """Messages to entrants prepared from templates: the organiser reviews, edits and sends
    them; sending runs in the background and each sent mail is recorded."""

    template_name = "awards/outbox.html"

    def get_context_data(self, **kwargs):
        outbox = self.object.outbox.select_related("entry", "queued_by").order_by(
            "status", "kind", "entry__title", "email"
        )
        # After a refused send, the boxes show what was ticked; otherwise every unsent one.
        send_form = kwargs.get("send_form")
        ticked = None if send_form is None else set(send_form.data.getlist("message"))
        return super().get_context_data(
            outbox=outbox,
            Status=OutboxMessage.Status,
            unreachable=entries_without_recipients(self.object),
            ticked=ticked,
            **kwargs,
        )


class OutboxAction(PageActionMixin, OutboxView):
    def page_url(self):
        return reverse("awards:outbox", args=[self.object.slug])


class OutboxPrepareView(OutboxAction):
    form_class = OutboxPrepareForm
    form_name = "prepare_form"

    def act(self, form):
        stage = form.cleaned_data["stage"]
        return outbox_prepare(edition=self.object, stage=stage, actor=self.request.user)

    def done(self, added):
        messages.success(self.request, _("%(n)s messages prepared for review.") % {"n": added})
        unreachable = entries_without_recipients(self.object).finalists
        if unreachable:
            # Say what the outbox could not do, rather than writing fewer mails quietly.
            messages.warning(
                self.request,
                _("No mail was written to %(names)s: they have no contact person.")
                % {"names": ", ".join(e.title for e in unreachable)},
            )


class OutboxSendView(OutboxAction):
    form_class = OutboxSendForm
    form_name = "send_form"

    def form(self):
        unsent = self.object.outbox.filter(status=OutboxMessage.Status.DRAFT)
        return OutboxSendForm(self.request.POST, outbox=unsent)

    def act(self, form):
        ids = [message.pk for message in form.cleaned_data["message"]]
        return outbox_send(edition=self.object, message_ids=ids, actor=self.request.user)

    def done(self, queued):
        messages.success(self.request, _("%(n)s messages queued for sending.") % {"n": queued})


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
        form = OutboxMessageForm(request.POST)
        if not form.is_valid():
            return self.render_page(form=form)
        try:
            outbox_message_update(
                message=message,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                seen_version=form.cleaned_data["seen_version"],
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(request, _("The message is saved."))
        return redirect("awards:outbox", slug=edition.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(message=self.message, **kwargs)


class OutboxDiscardView(PageActionMixin, OutboxMessageView):
    """A message not yet sent is thrown away; the outbox can prepare it again."""

    success_message = gettext_lazy("The message is discarded.")

    def act(self, form):
        outbox_discard(message=self.message)

    def page_url(self):
        return reverse("awards:outbox", args=[self.object.slug])
