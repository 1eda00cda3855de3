"""Swedish alphabetical order, the same in PostgreSQL (ICU) and SQLite, in pages and in Python."""

import pytest
from django.urls import reverse

from awards.collation import swedish_key
from awards.models import County, Municipality
from tests import factories

pytestmark = pytest.mark.django_db

THE_END_OF_THE_LIST = [
    "Åsele",
    "Åstorp",
    "Åtvidaberg",
    "Älmhult",
    "Älvdalen",
    "Älvkarleby",
    "Älvsbyn",
    "Ängelholm",
    "Öckerö",
    "Ödeshög",
    "Örebro",
    "Örkelljunga",
    "Örnsköldsvik",
    "Östersund",
    "Österåker",
    "Östhammar",
    "Östra Göinge",
    "Överkalix",
    "Övertorneå",
]


def test_the_key_puts_a_ring_and_dots_after_z_and_reads_accents_as_their_letter():
    names = ["Ödeshög", "Zürich", "Ängelholm", "Åstorp", "Eda", "Éda", "Ystad", "Uppsala"]
    assert sorted(names, key=swedish_key) == [
        "Eda",
        "Éda",
        "Uppsala",
        "Ystad",
        "Zürich",
        "Åstorp",
        "Ängelholm",
        "Ödeshög",
    ]


def test_the_database_sorts_municipalities_and_counties_in_swedish_order():
    names = list(Municipality.objects.order_by("name").values_list("name", flat=True))
    assert names[-len(THE_END_OF_THE_LIST) :] == THE_END_OF_THE_LIST
    # The database's order and Python's are one order, for all 290 and all 21.
    assert names == sorted(names, key=swedish_key)
    counties = list(County.objects.order_by("name").values_list("name", flat=True))
    assert counties == sorted(counties, key=swedish_key)
    assert counties[-2:] == ["Örebro län", "Östergötlands län"]


def test_the_nomination_form_offers_the_municipalities_in_swedish_order(client):
    edition = factories.make_edition()
    page = client.get(reverse("awards:nominate", kwargs={"slug": edition.slug})).content.decode()
    names = ("Ystad", "Åstorp", "Ängelholm", "Örebro", "Övertorneå")
    positions = [page.index(f">{name}</option>") for name in names]
    assert positions == sorted(positions)
