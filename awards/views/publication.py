"""The publication of the municipalities' own accounts: managed by organisers, public as pages and
a PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, TemplateView

from awards.errors import ActionRefused
from awards.forms import (
    PublicationForm,
)
from awards.models import (
    DocumentJob,
    Publication,
)
from awards.selectors import (
    publication_candidates,
    publication_contents,
    publication_groups,
)
from awards.services import (
    publication_pdf_build,
    publication_publish,
    publication_save,
)
from awards.views.base import (
    EditionManageMixin,
    PageActionMixin,
)


class PublicationManageView(EditionManageMixin, DetailView):
    """The organisers write the publication's title and introduction (which opens the proof
    step), follow each consenting entry's proof, download the PDF and publish."""

    template_name = "awards/publication_manage.html"

    def publication(self):
        return Publication.objects.filter(edition=self.get_object()).first()

    def get(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        publication = self.publication()
        initial = {
            "title": publication.title if publication else f"{edition.name} {edition.year}",
            "introduction": publication.introduction if publication else "",
            "seen_version": publication.version if publication else 0,
        }
        return self.render_page(form=PublicationForm(initial=initial))

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        back = redirect("awards:publication-manage", slug=edition.slug)
        form = PublicationForm(request.POST)
        if not form.is_valid():
            return self.render_page(form=form)
        try:
            publication_save(edition=edition, **form.cleaned_data)
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(request, _("The publication is saved; the proofs are open."))
        return back

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            publication=self.publication(),
            candidates=publication_candidates(self.object),
            changed={
                item.pk
                for _county, items in publication_contents(self.object, approved_only=False)
                for item in items
                if item.proof is not None and not item.approved
            },
            pdf_job=DocumentJob.objects.filter(
                edition=self.object, kind=DocumentJob.Kind.PUBLICATION
            )
            .order_by("-created_at")
            .first(),
            **kwargs,
        )


class PublicationAction(PageActionMixin, PublicationManageView):
    def page_url(self):
        return reverse("awards:publication-manage", args=[self.object.slug])


class PublicationBuildPdfView(PublicationAction):
    success_message = gettext_lazy("The PDF is being drawn.")

    def act(self, form):
        publication_pdf_build(edition=self.object, actor=self.request.user)


class PublicationPublishView(PublicationAction):
    success_message = gettext_lazy("The publication is public.")

    def act(self, form):
        publication_publish(edition=self.object, actor=self.request.user)


def _public_publication(slug):
    publication = get_object_or_404(
        Publication.objects.select_related("edition__award"), edition__slug=slug
    )
    return publication


@method_decorator(login_not_required, name="dispatch")
class PublicationView(TemplateView):
    """The publication as public web pages (one page, a section per municipality), from its
    publication moment on; organisers see it before, marked as a preview."""

    template_name = "awards/publication.html"

    def get_context_data(self, **kwargs):
        publication = _public_publication(self.kwargs["slug"])
        organiser = self.request.user.has_perm("awards.manage_edition", publication.edition)
        if not publication.is_public() and not organiser:
            raise Http404
        return super().get_context_data(
            publication=publication,
            edition=publication.edition,
            groups=publication_groups(publication),
            preview=not publication.is_public(),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class PublicationPdfView(View):
    """The publication's PDF as last drawn in the background: public once the publication
    is; organisers may download it before."""

    def get(self, request, slug):
        publication = _public_publication(slug)
        organiser = request.user.has_perm("awards.manage_edition", publication.edition)
        if not publication.is_public() and not organiser:
            raise Http404
        job = (
            DocumentJob.objects.filter(
                edition=publication.edition,
                kind=DocumentJob.Kind.PUBLICATION,
                status=DocumentJob.Status.DONE,
            )
            .order_by("-finished_at")
            .first()
        )
        if job is None:
            if organiser:
                messages.info(request, _("The PDF has not been drawn yet."))
                return redirect("awards:publication-manage", slug=slug)
            raise Http404
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=f"{slug}-publication.pdf",
            content_type="application/pdf",
        )
