"""The single sign-on pages: start a sign-in at a provider, take its answer back, publish the
SAML service provider's metadata, and tell a person why a sign-in was refused."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts import oidc, sso
from accounts.models import IdentityProvider
from accounts.sso import SignInRefused
from accounts.views import safe_next_url


def _saml():
    """accounts.saml, imported when a SAML page is asked for: pysaml2 compiles the SAML schemas
    as it is imported (1.5 s), which no other page and no process start should pay for."""
    from accounts import saml

    return saml


def _provider(slug: str, protocol: str | None = None) -> IdentityProvider:
    provider = sso.provider_get(slug, protocol)
    if provider is None:
        raise Http404
    return provider


def _refused(request, provider, refused: SignInRefused, assertion=None, status=403):
    sso.refuse(provider, request, refused, assertion)
    return render(
        request,
        "accounts/sso_refused.html",
        {"provider": provider, "message": refused.message},
        status=status,
    )


def _signed_in(request, provider, assertion, next_url: str, link_to=None):
    try:
        sso.sign_in(provider, assertion, request, link_to=link_to)
    except SignInRefused as refused:
        return _refused(request, provider, refused, assertion)
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


@login_not_required
@require_GET
def start(request, slug):
    """Off to the provider's own sign-in page. `?link=1` from a signed-in person links the
    provider to their account instead of looking them up by address."""
    provider = _provider(slug)
    next_url = safe_next_url(request)
    link_to = request.user if request.GET.get("link") and request.user.is_authenticated else None
    try:
        if provider.protocol == IdentityProvider.Protocol.OIDC:
            request.session[sso.SESSION_NEXT] = next_url
            request.session[sso.SESSION_LINK] = provider.slug if link_to else None
            return oidc.start(request, provider)
        return _saml().start(request, provider, next_url=next_url, link_to=link_to)
    except SignInRefused as refused:
        # A page that explains, not a server error: the refusal is in the trail.
        return _refused(request, provider, refused, status=200)


@login_not_required
@require_GET
def oidc_callback(request, slug):
    provider = _provider(slug, IdentityProvider.Protocol.OIDC)
    next_url = request.session.pop(sso.SESSION_NEXT, "")
    linking = request.session.pop(sso.SESSION_LINK, None) == provider.slug
    try:
        assertion = oidc.finish(request, provider)
    except SignInRefused as refused:
        return _refused(request, provider, refused)
    link_to = request.user if linking and request.user.is_authenticated else None
    return _signed_in(request, provider, assertion, next_url, link_to)


@login_not_required
@csrf_exempt  # The identity provider posts the answer; its signature is what is checked.
@require_POST
def saml_acs(request, slug):
    provider = _provider(slug, IdentityProvider.Protocol.SAML)
    try:
        assertion, pending = _saml().finish(request, provider)
    except SignInRefused as refused:
        return _refused(request, provider, refused)
    return _signed_in(request, provider, assertion, pending.next_url, pending.link_user)


@require_POST
def unlink(request, pk):
    """Remove one of the person's own links to a sign-in service, never their last way in."""
    identity = get_object_or_404(request.user.external_identities, pk=pk)
    try:
        sso.unlink(identity, request)
    except SignInRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The link is removed. You no longer sign in that way."))
    return redirect("accounts:security")


@login_not_required
@require_GET
def saml_metadata(request, slug):
    """The service provider's metadata, at an address that does not change."""
    provider = _provider(slug, IdentityProvider.Protocol.SAML)
    return HttpResponse(
        _saml().metadata_xml(request, provider), content_type="application/samlmetadata+xml"
    )
