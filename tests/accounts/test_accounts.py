import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def login(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


def test_login_by_username_lands_on_start(client):
    make_user("anna")
    response = login(client, "anna")
    assert response.status_code == 302
    assert response["Location"] == reverse("start")


def test_login_by_email_is_case_insensitive(client):
    user = make_user("bertil", email="Bertil.Berg@Example.org")
    response = login(client, "bertil.berg@EXAMPLE.org")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_by_username_is_case_insensitive(client):
    user = make_user("Cecilia")
    make_user("cecilian")
    response = login(client, "cECILIA")
    assert response.status_code == 302
    assert response["Location"] == reverse("start")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_wrong_password_shows_message_and_signs_nobody_in(client):
    make_user("david")
    response = login(client, "david", "wrong password")
    assert response.status_code == 200
    assert "hör inte till något konto" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_empty_form_names_the_missing_fields(client):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"username", "password"}
    assert "_auth_user_id" not in client.session


def test_login_inactive_user_is_refused(client):
    make_user("erik", is_active=False)
    assert login(client, "erik").status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_next_parameter_is_followed_only_on_this_site(client):
    make_user("frida")
    response = login(client, "frida", next="https://evil.example.com/")
    assert response["Location"] == reverse("start")


def test_session_id_changes_at_login(client):
    make_user("gustav")
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    login(client, "gustav")
    assert client.session.session_key != before


def test_logout_is_post_only_and_ends_the_server_session(client):
    user = make_user("hanna")
    client.force_login(user)
    key = client.session.session_key
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key).exists()


def test_password_reset_mails_a_working_link(client):
    make_user("ingrid", email="ingrid@example.org")
    response = client.post(reverse("accounts:password-reset"), {"email": "ingrid@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert 'name="new_password1"' in form_page.content.decode()
    new = "a new and long passphrase 2027"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    assert get_user_model().objects.get(username="ingrid").check_password(new)


def test_password_reset_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change_wrong_old_password_changes_nothing(client):
    user = make_user("johan")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_email_is_unique_whatever_the_case():
    make_user("karin", email="karin@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("karin2", email="KARIN@example.org")


def test_language_switch_saves_the_signed_in_persons_choice(client):
    user = make_user("lars")
    client.force_login(user)
    response = client.post(reverse("accounts:set-language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == "en"
    assert client.get("/")["Content-Language"] == "en"


def test_language_default_is_swedish_whatever_the_browser_says(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "sv"
    assert '<html lang="sv">' in response.content.decode()


def test_language_switch_for_anonymous_uses_a_cookie(client):
    client.post(reverse("accounts:set-language"), {"language": "en", "next": "/"})
    response = client.get("/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_language_switch_unknown_language_changes_nothing(client):
    user = make_user("maja")
    client.force_login(user)
    client.post(reverse("accounts:set-language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "sv"


def test_post_without_csrf_token_is_refused_with_a_readable_page():
    from django.test import Client

    make_user("nils")
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "nils", "password": PASSWORD})
    assert response.status_code == 403
    assert "Formuläret har gått ut" in response.content.decode()
    assert "_auth_user_id" not in client.session
