from decimal import Decimal

import pytest
from django.urls import reverse

from awards.models import Criterion

pytestmark = pytest.mark.django_db


def criterion_data(**changes):
    data = {
        "name": "Demokrati och delaktighet",
        "name_en": "Democracy and participation",
        "description": "Hur invånarna kan påverka.",
        "description_en": "",
        "weight": "1,5",
        "scale_labels": "Saknas\nSvag\nGodtagbar\nGod\nFöredömlig",
        "scale_labels_en": "",
    }
    data.update(changes)
    return data


def test_organiser_adds_edits_and_removes_a_criterion(world):
    client = world.client_for("organiser")
    url = reverse("awards:criteria", args=[world.edition.slug])
    assert client.post(url, criterion_data()).status_code == 302
    criterion = Criterion.objects.get(edition=world.edition, name="Demokrati och delaktighet")
    assert (criterion.position, criterion.weight) == (2, Decimal("1.5"))
    assert criterion.scale_labels[-1] == "Föredömlig"
    edit = reverse("awards:criterion-edit", args=[world.edition.slug, criterion.pk])
    client.post(edit, criterion_data(weight="3"))
    criterion.refresh_from_db()
    assert criterion.weight == 3
    client.post(reverse("awards:criterion-delete", args=[world.edition.slug, criterion.pk]))
    assert not Criterion.objects.filter(pk=criterion.pk).exists()
    assert "Demokrati" not in client.get(world.edition.get_absolute_url()).content.decode()


def test_public_edition_page_lists_the_criteria(world):
    assert (
        "Service"
        in world.client_for("anonymous").get(world.edition.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"name": ""},
        {"name": "x" * 201},
        {"weight": "0"},
        {"weight": "-1"},
        {"weight": "tung"},
        {"scale_labels": "Bara ett"},
        {"scale_labels_en": "One\nTwo"},
    ],
)
def test_criterion_bad_input_shows_messages_and_saves_nothing(world, changes):
    before = list(Criterion.objects.values())
    response = world.client_for("organiser").post(
        reverse("awards:criteria", args=[world.edition.slug]), criterion_data(**changes)
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert list(Criterion.objects.values()) == before


def test_criterion_of_another_edition_is_404(world):
    other = Criterion.objects.create(
        edition=world.draft_a.edition, position=1, name="Annan", scale_labels=["a", "b"]
    )
    url = reverse("awards:criterion-edit", args=[world.edition.slug, other.pk])
    assert world.client_for("organiser").get(url).status_code == 404
