"""Who may do what with editions and entries.

Every role check of the awards app lives here. Predicates take the user and the object and ask
the database through the user's own relations, so no model import is needed (rules sit below
models in the layering). The jury's access to entries is added by evaluation/rules.py, which
composes the full `awards.view_entry` permission: awards must not know about the jury.
"""

import rules

from accounts.viewer import viewer_of
from awards.choices import EditionPhase, EntryState


@rules.predicate
def is_platform_admin(user) -> bool:
    """Superusers run the platform and may act as organiser of every edition."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def is_any_organiser(user) -> bool:
    return bool(user.is_authenticated and user.organiser_roles.exists())


@rules.predicate
def is_edition_organiser(user, edition) -> bool:
    """Organisers are appointed per edition: organising 2025 gives no say over 2027."""
    if edition is None or not user.is_authenticated:
        return False
    return user.organiser_roles.filter(edition_id=edition.pk).exists()


@rules.predicate
def is_entry_organiser(user, entry) -> bool:
    """The organisers of an entry's edition may see and manage the entry."""
    if entry is None or not user.is_authenticated:
        return False
    return user.organiser_roles.filter(edition_id=entry.edition_id).exists()


@rules.predicate
def is_entry_contact(user, entry) -> bool:
    """Contacts of any municipality in the entry (joint entries have several) act for it.
    Asked once per request and entry: a page checks several permissions on its entry."""
    if entry is None or not user.is_authenticated:
        return False
    return viewer_of(user).answer(
        "entry_contact",
        entry.pk,
        lambda: user.municipality_contacts.filter(municipality__entries=entry.pk).exists(),
    )


def entry_if_contact(queryset, user, pk):
    """The entry `pk` of `queryset` if the person acts for it, read in one query with the
    answer to what `is_entry_contact` asks (which then asks nothing); None otherwise."""
    if not user.is_authenticated:
        return None
    for entry in queryset.filter(pk=pk, memberships__municipality__contacts__user=user)[:1]:
        viewer_of(user).remember("entry_contact", entry.pk, True)
        return entry
    return None


@rules.predicate
def is_municipality_contact(user) -> bool:
    return bool(user.is_authenticated and user.municipality_contacts.exists())


@rules.predicate
def is_invited_municipality_contact(user, invitation) -> bool:
    """A partner invitation is answered by the contacts of the municipality it invites, and
    known to no one else until it is accepted (the entry's own contacts see it on the entry)."""
    if invitation is None or not user.is_authenticated:
        return False
    return user.municipality_contacts.filter(municipality_id=invitation.municipality_id).exists()


@rules.predicate
def is_entry_open_for_writing(user, entry) -> bool:
    """A draft of an edition taking entries, before the entry's own deadline (grace minutes
    and any extension included)."""
    if entry is None:
        return False
    return (
        entry.state == EntryState.DRAFT
        and entry.edition.phase == EditionPhase.REGISTRATION
        and not entry.is_past_deadline()
    )


@rules.predicate
def is_registration_open(user, edition) -> bool:
    return edition is not None and edition.phase == EditionPhase.REGISTRATION


can_manage_edition = is_platform_admin | is_edition_organiser
can_view_entry_as_entrant_or_organiser = is_platform_admin | is_entry_organiser | is_entry_contact

rules.add_perm("awards.manage_edition", can_manage_edition)
rules.add_perm("awards.unlock_sign_in", is_platform_admin | is_any_organiser)
rules.add_perm("awards.list_own_entries", is_municipality_contact)
rules.add_perm("awards.view_entry", can_view_entry_as_entrant_or_organiser)
rules.add_perm("awards.write_entry", is_entry_contact)
rules.add_perm("awards.manage_entry", is_platform_admin | is_entry_organiser)
rules.add_perm("awards.register_entry", is_municipality_contact & is_registration_open)
rules.add_perm("awards.change_entry", is_entry_contact & is_entry_open_for_writing)
rules.add_perm("awards.answer_partner_invitation", is_invited_municipality_contact)
