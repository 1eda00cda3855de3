import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_healthz_database_answers_says_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "sessionid" not in response.cookies
    assert "no-store" in response["Cache-Control"]


def test_healthz_database_down_says_503(client, monkeypatch):
    class BrokenCursor:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr("config.views.connection.cursor", BrokenCursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_healthz_rejects_post(client):
    assert client.post("/healthz").status_code == 405
