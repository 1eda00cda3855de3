"""Every write of the evaluation app."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Edition, Entry
from awards.services import ActionRefused
from evaluation.models import ConflictDeclaration, JuryMember


@transaction.atomic
def jury_member_add(*, edition: Edition, user, role: str, affiliation: str = "") -> JuryMember:
    """Seat a person on one edition's jury. The database allows one chair per edition."""
    member, created = JuryMember.objects.get_or_create(
        edition=edition, user=user, defaults={"role": role, "affiliation": affiliation}
    )
    if not created and (member.role, member.affiliation) != (role, affiliation):
        member.role = role
        member.affiliation = affiliation
        member.save(update_fields=["role", "affiliation"])
    return member


@transaction.atomic
def conflict_declare(
    *, member: JuryMember, entry: Entry, has_conflict: bool, kind: str = "", note: str = ""
) -> ConflictDeclaration:
    """Record a member's declaration about an entry. A declared conflict excludes the member
    from the entry at once; only the chair's ruling can lift it."""
    if entry.edition_id != member.edition_id:
        raise ActionRefused(_("The entry belongs to another edition."))
    if has_conflict and not kind:
        raise ActionRefused(_("Say what kind of conflict of interest it is."))
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        member=member,
        entry=entry,
        defaults={
            "has_conflict": has_conflict,
            "kind": kind if has_conflict else "",
            "note": note,
            "declared_at": timezone.now(),
        },
    )
    return declaration
