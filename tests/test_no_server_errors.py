"""No request ends in a server error: every URL of the access matrix, posted nonsense by each
signed-in role (and fetched with nonsense in the query string), answers below 500."""

import pytest
from django.test import Client

from tests import factories
from tests.test_access_matrix import ROWS

pytestmark = pytest.mark.django_db

NONSENSE = {
    "action": "explode",
    "seen_version": "abc",
    "seen": "not a time",
    "page": "z" * 40,
    "question": "x",
    "member": "x",
    "entry": "x",
    "message": ["x", "-1"],
    "participants": ["x"],
    "attendees": ["x"],
    "winners": ["x"],
    "award_1": "emperor",
    "mentions": ["x"],
    "outcome": "both",
    "decision": "maybe",
    "to_standing": "emperor",
    "ruling": "x",
    "starts_at": "yesterday-ish",
    "ends_at": "2026-13-45T25:61",
    "mode": "teleport",
    "at": "soon",
    "theme": "weather",
    "name_0": "A" * 500,
    "role_0": "king",
    "rank_1": "x",
    "order": "9,9,x",
    "move": "x:sideways",
    "language": "xx",
    "next": "https://evil.example.org/",
    "format": "exe",
    "state": "winner",
    "standing": "winner",
    "municipality": "9999",
}
# The organiser has no jury seat; the platform administrator is a superuser with neither a seat
# nor an organiser role.
ROLES = ("municipality_a", "juror", "conflicted_juror", "chair", "organiser", "platform_admin")
CASES = [(name, role) for name in ROWS for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_nonsense_never_makes_a_server_error(world, name, role):
    url = ROWS[name].url_in(world)
    if role == "platform_admin":
        client = Client()
        client.force_login(factories.make_user(is_superuser=True, is_staff=True))
    else:
        client = world.client_for(role)
    posted = client.post(url, NONSENSE)
    assert posted.status_code < 500, (url, role, posted.status_code)
    fetched = client.get(url, {"sort": "x", "standing": "y", "flagged": "z", "page": "-1"})
    assert fetched.status_code < 500, (url, role, fetched.status_code)
