from django.views.generic import DetailView

from awards.models import Edition
from awards.views import ObjectPermissionRequiredMixin
from evaluation.models import JuryMember
from evaluation.selectors import (
    declarations_for_chair,
    declarations_of_member,
    entries_for_jury_member,
    jury_for_edition,
    shuffled_for,
)


class JuryHomeView(ObjectPermissionRequiredMixin, DetailView):
    """A jury member's start page for one edition: their seat, the entries they may read (in an
    order of their own) and their declarations; the chair also sees every declared conflict."""

    permission_required = "evaluation.view_jury"
    template_name = "evaluation/jury_home.html"
    context_object_name = "edition"
    queryset = Edition.objects.select_related("award")

    def get_context_data(self, **kwargs):
        edition, user = self.object, self.request.user
        seat = JuryMember.objects.filter(edition=edition, user=user).first()
        can_view_conflicts = user.has_perm("evaluation.view_conflicts", edition)
        return super().get_context_data(
            seat=seat,
            entries=shuffled_for(user, entries_for_jury_member(user, edition)) if seat else [],
            own_declarations=declarations_of_member(user, edition) if seat else [],
            jury=jury_for_edition(edition),
            conflicts=declarations_for_chair(edition) if can_view_conflicts else None,
            **kwargs,
        )
