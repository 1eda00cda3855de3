"""The scoring pages run a constant number of queries for 3 and for 30 entries, each scored
by 5 jurors on 6 criteria."""

import copy

import pytest
from django.urls import reverse

from awards.models import Criterion
from evaluation.choices import JuryRole
from evaluation.selectors import entries_to_score, round_of_edition
from evaluation.services import ScoreInput, scorecard_save
from tests import factories
from tests.conftest import build_world, second_factor_queries, shared_database

pytestmark = pytest.mark.django_db


def scored_world(entries):
    world = build_world(extra_entries=entries - 2)
    for n in range(5):
        Criterion.objects.get_or_create(
            edition=world.edition,
            position=n + 2,
            defaults={"name": f"Kriterium {n + 2}", "scale_labels": ["0", "1", "2", "3", "4"]},
        )
    for n in range(2):
        user = factories.make_jury_member(world.edition, JuryRole.JUROR, f"extra{n}")
        factories.declare_rest(user, world.edition)
    criteria = list(Criterion.objects.filter(edition=world.edition))
    scoring_round = round_of_edition(world.edition, 1)
    for member in world.edition.jury.filter(role__in=("juror", "chair")):
        for i, entry in enumerate(entries_to_score(member, scoring_round)):
            card = scorecard_save(
                member=member,
                scoring_round=scoring_round,
                entry=entry,
                scores={c.pk: ScoreInput((i + c.position) % len(c.scale_labels)) for c in criteria},
                overall_comment="Kommentar",
                seen_version=0,
                submit=True,
            )
            scoring_round = card.round
    return world


@pytest.fixture(scope="module", params=[3, 30])
def shared_scored_world(request, django_db_setup, django_db_blocker):
    with shared_database(django_db_blocker):
        yield scored_world(request.param)


@pytest.fixture
def scored(shared_scored_world, db):
    """The module's scored world of the test's size (3 or 30 entries)."""
    return copy.deepcopy(shared_scored_world)


PAGES = {
    "results-chair": (
        "chair",
        lambda w: reverse("evaluation:results", args=[w.edition.slug, 1]),
        20,
    ),
    "results-organiser": (
        "organiser",
        lambda w: reverse("evaluation:results", args=[w.edition.slug, 1]),
        21,
    ),
    "results-xlsx": (
        "organiser",
        lambda w: reverse("evaluation:results-export", args=[w.edition.slug, 1, "xlsx"]),
        20,
    ),
    "round-juror": ("juror", lambda w: reverse("evaluation:round", args=[w.edition.slug, 1]), 9),
    "score-juror": (
        "juror",
        lambda w: reverse("evaluation:score", args=[w.edition.slug, 1, w.entry_a.pk]),
        35,
    ),
    "shortlist": ("chair", lambda w: reverse("evaluation:shortlist", args=[w.edition.slug]), 24),
    "jury-home": ("chair", lambda w: reverse("evaluation:jury-home", args=[w.edition.slug]), 33),
}


@pytest.mark.parametrize("page", PAGES)
def test_scoring_pages_are_constant(page, scored, django_assert_max_num_queries):
    role, url, ceiling = PAGES[page]
    world = scored
    client = world.client_for(role)
    with django_assert_max_num_queries(ceiling + second_factor_queries(role)):
        response = client.get(url(world))
    assert response.status_code == 200


@pytest.mark.parametrize("shared_scored_world", [3], indirect=True)
def test_the_results_count_every_juror(scored):
    world = scored
    body = (
        world.client_for("organiser")
        .get(reverse("evaluation:results", args=[world.edition.slug, 1]))
        .content.decode()
    )
    # Växjö: 4 scorers (the conflicted juror is out), Sundsvall and the third: all 5.
    assert "4 / 4" in body
    assert "5 / 5" in body
