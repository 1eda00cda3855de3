from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Edition, Entry
from evaluation.choices import ConflictKind, ConflictRuling, JuryRole


class JuryMember(models.Model):
    """A person's seat on one edition's jury: juror, chair or site-visit expert."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="jury", verbose_name=_("edition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jury_seats",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=JuryRole.choices)
    affiliation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("Where the member works, e.g. SKR, DIGG, Vinnova or a university."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["edition", "role", "user__username"]
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="evaluation_one_seat_each"),
            models.UniqueConstraint(
                fields=["edition"],
                condition=Q(role=JuryRole.CHAIR),
                name="evaluation_one_chair_per_edition",
                violation_error_message=_("This edition already has a jury chair."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=JuryRole.values), name="evaluation_jury_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.edition})"

    @property
    def scores(self) -> bool:
        return self.role in (JuryRole.JUROR, JuryRole.CHAIR)


class ConflictDeclaration(models.Model):
    """A jury member's declaration about one entry: a conflict of interest (jäv) or none.

    A declared conflict keeps the member away from the entry everywhere until the chair
    dismisses it or allows it with a recorded mitigation.
    """

    member = models.ForeignKey(
        JuryMember, on_delete=models.CASCADE, related_name="declarations", verbose_name=_("member")
    )
    entry = models.ForeignKey(
        Entry,
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("entry"),
    )
    has_conflict = models.BooleanField(_("conflict of interest"))
    kind = models.CharField(_("kind"), max_length=20, choices=ConflictKind.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    ruling = models.CharField(
        _("ruling"),
        max_length=10,
        choices=ConflictRuling.choices,
        default=ConflictRuling.PENDING,
        editable=False,
    )
    ruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    ruled_at = models.DateTimeField(null=True, blank=True, editable=False)
    ruling_note = models.TextField(_("ruling note"), blank=True, editable=False)

    class Meta:
        ordering = ["declared_at", "pk"]
        verbose_name = _("conflict declaration")
        verbose_name_plural = _("conflict declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "entry"], name="evaluation_one_declaration_per_entry"
            ),
            models.CheckConstraint(
                condition=Q(has_conflict=False, kind="") | Q(has_conflict=True) & ~Q(kind=""),
                name="evaluation_conflict_has_kind",
            ),
        ]

    def __str__(self):
        return f"{self.member.user} / {self.entry}"
