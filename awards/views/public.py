"""The public pages: the front page, an edition's, an award's (the archive) and the
municipalities'. At the gala minute everyone opens them at once, so each page is rendered
once and, for visitors, kept whole in the cache and served from there (with each visitor's
own CSRF token and CSP nonce filled in).

A visitor's copy of the whole page is kept only until the next announcement moment (and at most
EDITION_PAGE_CACHE_SECONDS), so nobody is shown a winner a second early or an old page a
second late; and every copy is made under the cache's current generation, which any change
on the audit trail of an edition renews (services.public_pages_forget), so a change shows at
once. With CACHE_URL (Redis) the copies and the generation are shared by every app server.
Signed-in people always get a fresh page: theirs may differ (an organiser's preview, say)."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from awards.choices import EditionPhase
from awards.models import Award, Municipality, MunicipalityContact, Publication
from awards.selectors import (
    announcement_moments,
    editions_for_public,
    editions_of_award_for_public,
    municipalities_with_public_record,
    next_announcement_moment,
    public_participation_of_municipality,
    public_results_for_editions,
    registrable_municipalities_for_contact,
)
from awards.services import PUBLIC_PAGES_GENERATION

PAGE_TEMPLATE = "awards/public_page.html"
# What differs between two visitors of the same page in the same language: the CSRF token of
# the language switcher and the CSP nonce of the scripts. A copy holds these slots instead,
# filled for each response.
CSRF_SLOT = "csrf-slot-3b9e1c"
NONCE_SLOT = "nonce-slot-3b9e1c"


class VisitorCacheMixin:
    """Render the page once; for visitors, keep the whole page in the cache and fill in only
    what is theirs (CSRF token, CSP nonce).

    A view gives `main_template` (the page's content), `page_context()` (its context, fetching
    what it shows), `page_title(context)` and, if its content changes by itself at other
    moments than the next announcement of any edition, `moments(context)`."""

    main_template = ""

    def moments(self, context) -> list:
        return [next_announcement_moment()]

    def get(self, request, *args, **kwargs):
        # Signed-in people see their own page; a visitor with a message (say, "signed out")
        # gets it once, on a fresh page.
        if request.user.is_authenticated or len(messages.get_messages(request)):
            context = self.page_context()
            return TemplateResponse(request, PAGE_TEMPLATE, self.page(context))
        now = timezone.now()
        key = f"public-page:{request.get_full_path()}:{get_language()}"
        found = cache.get_many([key, PUBLIC_PAGES_GENERATION])
        cached, generation = found.get(key), found.get(PUBLIC_PAGES_GENERATION)
        if (
            cached is not None
            and cached["generation"] == generation
            and cached["since"] <= now < cached["until"]
        ):
            return self.serve(cached["html"])
        context = self.page_context()
        slots = {"csrf_token": CSRF_SLOT, "csp_nonce": NONCE_SLOT}
        html = render_to_string(PAGE_TEMPLATE, {**self.page(context), **slots}, request)
        # Days left to a deadline change at midnight: no copy outlives the day it was made.
        midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        moments = [*self.moments(context), midnight + timedelta(days=1)]
        later = [m for m in moments if m is not None and m > now]
        until = min([now + timedelta(seconds=settings.EDITION_PAGE_CACHE_SECONDS), *later])
        cache.set(
            key,
            {"html": html, "generation": generation, "since": now, "until": until},
            max(1, int((until - now).total_seconds())),
        )
        return self.serve(html)

    def page(self, context) -> dict:
        return {
            **context,
            "main_template": self.main_template,
            "page_title": self.page_title(context),
        }

    def serve(self, html: str) -> HttpResponse:
        """The copy with this visitor's CSRF token and CSP nonce (which also puts the nonce
        in the CSP header and the CSRF cookie on the response)."""
        html = html.replace(CSRF_SLOT, get_token(self.request))
        return HttpResponse(html.replace(NONCE_SLOT, str(get_nonce(self.request))))


@method_decorator(login_not_required, name="dispatch")
class HomeView(VisitorCacheMixin, TemplateView):
    """The public front page: the current editions and the archive of announced results."""

    main_template = "awards/_home_main.html"

    def page_context(self):
        awards = {}
        for results in public_results_for_editions(editions_for_public()):
            award = awards.setdefault(
                results.edition.award_id,
                {"award": results.edition.award, "current": [], "latest": None, "archive": []},
            )
            if not results.decision_public:
                award["current"].append(results)
            elif award["latest"] is None:
                award["latest"] = results
            else:
                award["archive"].append(results)
        return {"awards": list(awards.values()), "now": timezone.now()}

    def page_title(self, context):
        return _("Awards")


@method_decorator(login_not_required, name="dispatch")
class EditionDetailView(VisitorCacheMixin, DetailView):
    """An edition's public page: timeline, finalists once announced, winner and motivation
    once the gala has begun."""

    main_template = "awards/_edition_detail_main.html"

    def get_queryset(self):
        return editions_for_public()

    def page_context(self):
        edition = self.object = self.get_object()
        [results] = public_results_for_editions([edition])
        publication = Publication.objects.filter(
            edition=edition, published_at__lte=timezone.now()
        ).first()
        return {
            "edition": edition,
            "results": results,
            "publication": publication,
            "now": timezone.now(),
            **self.way_in(edition),
        }

    def way_in(self, edition) -> dict:
        """For a signed-in person while entries are open: whether they may enter (a contact
        of a municipality without an entry) or already act for one. Visitors get the cached
        page, which asks them to sign in."""
        user = self.request.user
        if not user.is_authenticated or edition.phase != EditionPhase.REGISTRATION:
            return {}
        return {
            "can_register": registrable_municipalities_for_contact(user, edition).exists(),
            "acts_for_municipality": MunicipalityContact.objects.filter(user=user).exists(),
        }

    def moments(self, context):
        return announcement_moments(context["edition"])

    def page_title(self, context):
        return f"{context['edition'].name} {context['edition'].year}"


@method_decorator(login_not_required, name="dispatch")
class AwardDetailView(VisitorCacheMixin, DetailView):
    """An award's public page: what it is, and every edition with its finalists and, once
    announced, its winners: the archive."""

    main_template = "awards/_award_detail_main.html"
    queryset = Award.objects.all()

    def page_context(self):
        award = self.object = self.get_object()
        results = public_results_for_editions(editions_of_award_for_public(award))
        return {"award": award, "results": results}

    def page_title(self, context):
        return context["award"].name


@method_decorator(login_not_required, name="dispatch")
class MunicipalityListView(VisitorCacheMixin, TemplateView):
    """The municipalities the public archive mentions, by county."""

    main_template = "awards/_municipality_list_main.html"

    def page_context(self):
        return {"municipalities": municipalities_with_public_record()}

    def page_title(self, context):
        return _("Municipalities in the archive")


@method_decorator(login_not_required, name="dispatch")
class MunicipalityDetailView(VisitorCacheMixin, DetailView):
    """A municipality's public page: its participation across editions, as far as each
    edition's announcements have gone."""

    main_template = "awards/_municipality_detail_main.html"
    slug_field = "code"
    slug_url_kwarg = "code"
    queryset = Municipality.objects.select_related("county")

    def page_context(self):
        municipality = self.object = self.get_object()
        return {
            "municipality": municipality,
            "participation": public_participation_of_municipality(municipality),
        }

    def page_title(self, context):
        return context["municipality"].name
