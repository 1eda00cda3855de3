"""What each signed-in person is: the roles behind the navigation and the start page.

This is project-level glue: it reads both apps, which neither app may do for the other.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from awards.selectors import editions_organised_by
from evaluation.selectors import jury_editions_for_user


@dataclass
class StartLink:
    label: str
    url: str
    role: str


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
    """The start pages of a person's roles, most current first: three queries whatever the
    number of editions."""
    roles = Roles()
    if not user.is_authenticated:
        return roles
    for edition in editions_organised_by(user)[:3]:
        roles.links.append(
            StartLink(
                label=_("Manage %(edition)s") % {"edition": f"{edition.name} {edition.year}"},
                url=reverse("awards:edition-manage", kwargs={"slug": edition.slug}),
                role="organiser",
            )
        )
    for edition in jury_editions_for_user(user)[:3]:
        roles.links.append(
            StartLink(
                label=_("Jury %(edition)s") % {"edition": f"{edition.name} {edition.year}"},
                url=reverse("evaluation:jury-home", kwargs={"slug": edition.slug}),
                role="jury",
            )
        )
    if user.municipality_contacts.exists():
        roles.links.append(
            StartLink(label=_("Our entries"), url=reverse("awards:entry-list"), role="contact")
        )
    return roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"roles": SimpleLazyObject(lambda: roles_for(user))}
