"""What each signed-in person is: the roles behind the navigation and the start page.

This is project-level glue: it reads both apps, which neither app may do for the other.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from evaluation.selectors import editions_with_roles


@dataclass
class StartLink:
    label: str
    url: str
    role: str
    edition_slug: str = ""  # the edition the page is about, if any


@dataclass
class Roles:
    links: list[StartLink] = field(default_factory=list)

    @property
    def primary(self) -> StartLink | None:
        return self.links[0] if self.links else None

    @property
    def menu(self) -> list[StartLink]:
        """The most current start page of each kind of role, for the navigation bar."""
        seen, menu = set(), []
        for link in self.links:
            if link.role not in seen:
                seen.add(link.role)
                menu.append(link)
        return menu


def roles_for(user) -> Roles:
    """The start pages of a person's roles, most current first: one query whatever the
    number of editions (two for someone with no edition role, to learn if they are a
    municipality's contact)."""
    roles = Roles()
    if not user.is_authenticated:
        return roles
    editions = list(editions_with_roles(user))
    for edition in [e for e in editions if e.organises][:3]:
        roles.links.append(
            StartLink(
                label=_("Manage %(edition)s") % {"edition": f"{edition.name} {edition.year}"},
                url=reverse("awards:edition-manage", kwargs={"slug": edition.slug}),
                role="organiser",
                edition_slug=edition.slug,
            )
        )
    for edition in [e for e in editions if e.on_jury][:3]:
        roles.links.append(
            StartLink(
                label=_("Jury %(edition)s") % {"edition": f"{edition.name} {edition.year}"},
                url=reverse("evaluation:jury-home", kwargs={"slug": edition.slug}),
                role="jury",
                edition_slug=edition.slug,
            )
        )
    is_contact = editions[0].is_contact if editions else user.municipality_contacts.exists()
    if is_contact:
        roles.links.append(
            StartLink(label=_("Our entries"), url=reverse("awards:entry-list"), role="contact")
        )
    return roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"roles": SimpleLazyObject(lambda: roles_for(user))}
