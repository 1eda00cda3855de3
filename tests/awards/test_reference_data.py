import pytest

from awards.models import County, Municipality

pytestmark = pytest.mark.django_db


def test_every_county_and_municipality_is_loaded_by_migrate():
    assert County.objects.count() == 21
    assert Municipality.objects.count() == 290


def test_municipality_codes_keep_their_leading_zero():
    assert Municipality.objects.get(code="0114").name == "Upplands Väsby"
    assert Municipality.objects.get(name="Upplands-Bro").code == "0139"
    assert County.objects.get(code="01").name == "Stockholms län"


def test_every_municipality_belongs_to_a_county_with_matching_code_prefix():
    for code, county_code in Municipality.objects.values_list("code", "county_id"):
        assert code[:2] == county_code


def test_counties_hold_their_municipalities():
    assert County.objects.get(code="25").municipalities.filter(name="Kiruna").exists()
