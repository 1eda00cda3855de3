import logging
from datetime import date
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from awards.models import Edition
from awards.selectors import edition_now_next
from config.navigation import roles_for

logger = logging.getLogger(__name__)


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """For load balancers: 200 "ok" when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def start(request):
    """Where a person lands after signing in: their one role's page, or a choice of them."""
    roles = roles_for(request.user)
    if len(roles.links) == 1:
        return redirect(roles.primary.url)
    # Each edition's state in one line beside its links: one query for all of them.
    slugs = {link.edition_slug for link in roles.links if link.edition_slug}
    editions = Edition.objects.filter(slug__in=slugs).select_related("award")
    states = {edition.slug: edition_now_next(edition) for edition in editions}
    rows = [(link, states.get(link.edition_slug)) for link in roles.links]
    return render(request, "start.html", {"start_roles": roles, "rows": rows})


# When this statement was last checked against the service, as the law asks it to say.
ACCESSIBILITY_REVIEWED = date(2026, 11, 24)


@login_not_required
@require_GET
def accessibility(request):
    """The accessibility statement (tillgänglighetsredogörelse) that the Swedish act on
    accessibility of digital public services (DOS-lagen) asks every public body to publish."""
    return render(
        request,
        "accessibility.html",
        {
            "contact": settings.ACCESSIBILITY_CONTACT or parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
            "reviewed": ACCESSIBILITY_REVIEWED,
        },
    )
