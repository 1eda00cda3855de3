"""Security checks made testable: lockout, sessions, CSRF, object access by id, extra fields,
download headers, the denial log and the production response headers."""

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.backends import UsernameOrEmailBackend
from awards.choices import EntryStanding, EntryState
from awards.models import Attachment, Entry
from tests import factories
from tests.factories import PASSWORD
from tests.test_access_matrix import ROWS

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


# --- Lockout -------------------------------------------------------------------------------


def test_five_wrong_passwords_pause_the_name_and_an_organiser_lifts_the_pause(world):
    contact = world.users["municipality_a"]
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, contact.username, "wrong")
        assert response.status_code == 200
        assert "hör inte till något konto" in response.content.decode()
    locked = sign_in(client, contact.username, "wrong")
    assert locked.status_code == 429
    assert "spärrad i 15 minuter" in locked.content.decode()
    # Even the right password is refused now, whatever the case of the name.
    assert sign_in(Client(), contact.username.upper()).status_code == 429

    organiser = world.client_for("organiser")
    page = organiser.get(reverse("awards:lockouts")).content.decode()
    assert contact.username in page
    response = organiser.post(
        reverse("awards:lockouts"), {"username": contact.username}, follow=True
    )
    assert "kan logga in igen" in response.content.decode()
    assert sign_in(Client(), contact.username).status_code == 302


def test_a_juror_cannot_lift_a_pause(world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), "contact_a", "wrong")
    response = world.client_for("juror").post(reverse("awards:lockouts"), {"username": "contact_a"})
    assert response.status_code == 403
    assert sign_in(Client(), "contact_a").status_code == 429


def test_the_name_and_the_email_address_share_one_count(world):
    """Counted per account, not per typed name: five wrong passwords spread over the username
    and the email address (any case) pause the account, under both."""
    juror = world.users["juror"]
    client = Client()
    for login in (juror.username, juror.email.upper(), f" {juror.email} ", juror.username.upper()):
        assert sign_in(client, login, "wrong").status_code == 200
    assert sign_in(client, juror.email, "wrong").status_code == 429
    assert sign_in(Client(), juror.email).status_code == 429
    assert sign_in(Client(), juror.username).status_code == 429


def test_an_organiser_lifts_only_the_pauses_of_their_own_editions_people(world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), "contact_a", "wrong")
    other = Client()
    other.force_login(factories.make_organiser(factories.make_edition(year=2029)))
    assert "contact_a" not in other.get(reverse("awards:lockouts")).content.decode()
    response = other.post(reverse("awards:lockouts"), {"username": "contact_a"}, follow=True)
    assert "Det namnet är inte spärrat" in response.content.decode()
    assert sign_in(Client(), "contact_a").status_code == 429

    admin = Client()
    admin.force_login(factories.make_user(is_superuser=True, is_staff=True))
    assert "contact_a" in admin.get(reverse("awards:lockouts")).content.decode()
    admin.post(reverse("awards:lockouts"), {"username": "contact_a"})
    assert sign_in(Client(), "contact_a").status_code == 302


def test_the_pause_ends_by_itself_after_the_cool_off(world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), "contact_a", "wrong")
    assert sign_in(Client(), "contact_a").status_code == 429
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert sign_in(Client(), "contact_a").status_code == 302


# --- Sessions ------------------------------------------------------------------------------


def test_timeouts_are_documented_values_not_djangos_two_weeks():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60  # idle
    assert settings.SESSION_REFRESH_SECONDS == 60  # how closely the idle timeout holds
    assert settings.SESSION_ABSOLUTE_AGE == 12 * 60 * 60  # however active
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    readme = (ROOT / "README.md").read_text()
    assert "SESSION_ABSOLUTE_AGE" in readme
    assert "SESSION_COOKIE_AGE" in readme
    assert "SESSION_REFRESH_SECONDS" in readme


def session_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_an_active_session_moves_its_expiry_on_but_a_burst_of_requests_writes_it_once(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        sign_in(client, "contact_a")
        signed_in = session_expiry(client)
        url = reverse("awards:entry-list")
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            for _ in range(5):
                assert client.get(url).status_code == 200
    writes = [q["sql"] for q in captured.captured_queries if "django_session" in q["sql"]]
    assert not [sql for sql in writes if not sql.startswith("SELECT")]
    assert session_expiry(client) == signed_in
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        assert client.get(url).status_code == 200
    assert session_expiry(client) == signed_in + timedelta(minutes=30)


def test_a_session_idle_for_eight_hours_has_ended(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        sign_in(client, "contact_a")
    with time_machine.travel(start + timedelta(hours=7, minutes=58), tick=False):
        assert client.get(reverse("awards:entry-list")).status_code == 200
    later = start + timedelta(hours=7, minutes=58) + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(later + timedelta(seconds=1), tick=False):
        response = client.get(reverse("awards:entry-list"))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_session_ends_twelve_hours_after_sign_in_however_active(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        assert sign_in(client, "contact_a").status_code == 302
    for hours in range(1, 12, 2):  # active every two hours: the idle timeout never strikes
        with time_machine.travel(start + timedelta(hours=hours), tick=False):
            assert client.get(reverse("awards:entry-list")).status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        response = client.get(reverse("awards:entry-list"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "Din session har upphört" in response.content.decode()


def test_changing_the_password_signs_out_every_other_session(world):
    here, elsewhere = Client(), Client()
    sign_in(here, "contact_a")
    sign_in(elsewhere, "contact_a")
    assert elsewhere.get(reverse("awards:entry-list")).status_code == 200
    response = here.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Ny-lång-fras-42",
            "new_password2": "Ny-lång-fras-42",
        },
    )
    assert response.status_code == 302
    assert here.get(reverse("awards:entry-list")).status_code == 200
    assert elsewhere.get(reverse("awards:entry-list"))["Location"].startswith(
        reverse("accounts:login")
    )


def test_logout_removes_the_server_session(world):
    client = Client()
    sign_in(client, "contact_a")
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_a_signed_in_request_reads_its_session_and_its_person_with_one_statement_each(world):
    client = Client()
    sign_in(client, "contact_a")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("awards:entry-list")).status_code == 200
    session = [q["sql"] for q in captured.captured_queries if '"django_session"' in q["sql"]]
    person = [q["sql"] for q in captured.captured_queries if 'FROM "accounts_user"' in q["sql"]]
    assert [sql.split(" WHERE ")[0] for sql in session] == [
        'SELECT session_data FROM "django_session"'
    ]
    assert [sql.split(" WHERE ")[0] for sql in person] == ['SELECT * FROM "accounts_user"']


def test_an_unknown_session_key_is_nobody_and_is_not_taken_over(world):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "k" * 32
    response = client.get(reverse("awards:entry-list"))
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Session.objects.filter(session_key="k" * 32).exists()
    assert client.session.session_key != "k" * 32


def test_an_expired_session_row_is_nobody_even_before_it_is_cleared(world):
    client = Client()
    sign_in(client, "contact_a")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now())
    response = client.get(reverse("awards:entry-list"))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_deactivated_person_is_signed_out_at_their_next_request(world):
    client = Client()
    sign_in(client, "contact_a")
    assert client.get(reverse("awards:entry-list")).status_code == 200
    type(world.users["municipality_a"]).objects.filter(username="contact_a").update(is_active=False)
    response = client.get(reverse("awards:entry-list"))
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("user_id", ["999999", "abc", "", None])
def test_the_sign_in_backend_finds_nobody_for_an_unknown_or_malformed_id(user_id):
    assert UsernameOrEmailBackend().get_user(user_id) is None


# --- CSRF ----------------------------------------------------------------------------------


# The SAML assertion consumer service takes the identity provider's post (see below).
@pytest.mark.parametrize("name", sorted(set(ROWS) - {"accounts:saml-acs"}))
def test_every_url_refuses_a_post_without_csrf_token(world, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["organiser"])
    url = ROWS[name].url_in(world)
    response = client.post(url, {"anything": "1"})
    assert response.status_code == 403, (name, url, response.status_code)
    assert "Formuläret har gått ut" in response.content.decode()


# The SAML assertion consumer service: the identity provider posts the answer from its own
# site, with no Juryrum form behind it; the answer's signature is what is checked, it must
# answer a request Juryrum made, and it is used once (tests/accounts/test_saml.py).
CSRF_EXEMPT_ALLOWED: set[str] = {"accounts/sso_views.py"}


def test_no_view_is_csrf_exempt_outside_the_allow_list():
    found = set()
    for folder in ("accounts", "awards", "evaluation", "config"):
        for path in (ROOT / folder).rglob("*.py"):
            if "csrf_exempt" in path.read_text():
                found.add(str(path.relative_to(ROOT)))
    assert found <= CSRF_EXEMPT_ALLOWED


# --- Object access by id -------------------------------------------------------------------


def test_enumerating_ids_finds_nothing_of_another_municipality(world):
    client = world.client_for("municipality_b")
    own = set(Entry.objects.filter(municipalities__name="Sundsvall").values_list("pk", flat=True))
    # Every id from below the first entry to beyond the last (ids come from a sequence, which
    # on PostgreSQL keeps counting across the suite, so the range starts at this test's rows).
    first, last = Entry.objects.order_by("pk").first().pk, Entry.objects.order_by("-pk").first().pk
    for pk in range(max(1, first - 3), last + 3):
        if pk in own:
            continue
        for url in (
            reverse("awards:entry-detail", args=[pk]),
            reverse("awards:entry-section", kwargs={"pk": pk, "position": 1}),
            reverse("awards:entry-submit", kwargs={"pk": pk}),
            reverse("awards:entry-dossier", args=[pk]),
        ):
            assert client.get(url).status_code == 404, url
    first_file = Attachment.objects.order_by("pk").first().pk
    last_file = Attachment.objects.order_by("-pk").first().pk
    for pk in range(max(1, first_file - 3), last_file + 3):
        url = reverse("awards:attachment-download", kwargs={"pk": pk})
        assert client.get(url).status_code == 404, url


def test_a_conflicted_juror_finds_no_score_page_by_id(world):
    client = world.client_for("conflicted_juror")
    for pk in (world.entry_a.pk, world.entry_b.pk + 100):
        url = reverse("evaluation:score", args=[world.edition.slug, 1, pk])
        assert client.get(url).status_code == 404


def test_extra_fields_in_a_post_change_nothing_else(world):
    draft = world.draft_a
    question = draft.edition.sections.first().questions.order_by("position").first()
    other = Entry.objects.exclude(pk=draft.pk).first()
    response = world.client_for("municipality_a").post(
        reverse("awards:entry-section", kwargs={"pk": draft.pk, "position": 1}),
        {
            f"q{question.pk}": "Vårt svar.",
            f"v{question.pk}": "0",
            "state": EntryState.SUBMITTED,
            "standing": EntryStanding.WINNER,
            "is_winner": "1",
            "municipality": other.municipalities.first().pk,
            "edition": other.edition_id,
            "submitted_at": "2020-01-01 00:00",
        },
    )
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.state == EntryState.DRAFT
    assert draft.standing == EntryStanding.ENTRANT
    assert draft.submitted_at is None
    assert list(draft.municipalities.values_list("name", flat=True)) == ["Växjö"]


# --- Downloads -----------------------------------------------------------------------------


DOWNLOADS = {
    "attachment": ("municipality_a", lambda w: w.entry_a.attachments.get().get_absolute_url()),
    "dossier": ("municipality_a", lambda w: reverse("awards:entry-dossier", args=[w.entry_a.pk])),
    "export": (
        "organiser",
        lambda w: reverse("awards:export", args=[w.edition.slug, "answers", "xlsx"]),
    ),
    "audit": (
        "organiser",
        lambda w: reverse("awards:audit", args=[w.edition.slug]) + "?export=csv",
    ),
    "my-data": ("juror", lambda w: reverse("accounts:my-data")),
}


@pytest.mark.parametrize("name", DOWNLOADS)
def test_downloads_are_attachments_never_sniffed(world, name):
    role, url = DOWNLOADS[name]
    response = world.client_for(role).get(url(world))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


# --- The denial log ------------------------------------------------------------------------


def test_a_denied_request_is_logged_with_user_path_and_object(world, caplog):
    contact = world.users["municipality_b"]
    url = reverse("awards:entry-detail", args=[world.entry_a.pk])
    with caplog.at_level(logging.WARNING, logger="juryrum.access"):
        assert world.client_for("municipality_b").get(url).status_code == 404
        assert (
            world.client_for("juror")
            .get(reverse("awards:exports", args=[world.edition.slug]))
            .status_code
            == 403
        )
    lines = [r.getMessage() for r in caplog.records if r.name == "juryrum.access"]
    assert any(
        f"status=404 user={contact.pk}" in line
        and f"path={url}" in line
        and f"'pk': {world.entry_a.pk}" in line
        for line in lines
    ), lines
    assert any("status=403" in line and "awards:exports" in line for line in lines), lines


# --- Production headers --------------------------------------------------------------------

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "kq3VbT9-xW2mPz8rLc5NfH1yJd7sGa4uEo6iKt0ZnRbYw_QeXvMhUj",
    "ALLOWED_HOSTS": "juryrum.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "console:",
}
PROBE = """
import json
from django.core.management import call_command
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.test.utils import setup_test_environment
setup_test_environment()
call_command("migrate", verbosity=0)
call_command("collectstatic", "--noinput", verbosity=0)
from accounts.models import User
User.objects.create_user("probe", "probe@example.org", "Lång-fras-för-test-77")
client = Client(HTTP_HOST="juryrum.example.org")
page = client.get("/accounts/login/", secure=True)
login = client.post("/accounts/login/", {"username": "probe", "password": "Lång-fras-för-test-77",
    "csrfmiddlewaretoken": page.cookies["csrftoken"].value}, secure=True,
    HTTP_REFERER="https://juryrum.example.org/accounts/login/")
language = client.post("/accounts/language/", {"language": "en", "next": "/",
    "csrfmiddlewaretoken": page.cookies["csrftoken"].value}, secure=True,
    HTTP_REFERER="https://juryrum.example.org/")
plain = client.get("/accounts/login/")
health = Client(HTTP_HOST="juryrum.example.org").get("/healthz")
print(json.dumps({
    "healthz_status": health.status_code,
    "healthz_location": health.get("Location"),
    "headers": dict(page.headers),
    "html": page.content.decode(),
    "cookies": {name: dict(morsel) for name, morsel in
        {**page.cookies, **login.cookies, **language.cookies}.items()},
    "login_status": login.status_code,
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
}))
"""


def test_production_responses_carry_csp_hsts_referrer_policy_and_safe_cookies(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "STATIC_ROOT": str(tmp_path / "static"),
            **PRODUCTION,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    headers = probe["headers"]
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in probe["html"] or "<script" not in probe["html"].split("</head>")[0]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    csrf = probe["cookies"]["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"
    assert probe["login_status"] == 302
    session = probe["cookies"]["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    language = probe["cookies"]["django_language"]
    assert language["secure"] is True
    assert language["httponly"] is True
    assert language["samesite"] == "Lax"
    # Plain HTTP is sent to HTTPS, except the load balancer's health check.
    assert probe["plain_status"] == 301
    assert (probe["healthz_status"], probe["healthz_location"]) == (200, None)
    assert probe["plain_location"].startswith("https://")
