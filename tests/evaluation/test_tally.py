"""The results arithmetic, checked against figures worked out by hand."""

import pytest

from evaluation.tally import CriterionSpec, tally, weighted_percent

SERVICE = CriterionSpec(1, weight=2, top=4)
DEMOCRACY = CriterionSpec(2, weight=1, top=2)  # a three-step scale


def test_weighted_percent_counts_each_criterion_as_a_share_of_its_own_scale():
    # Service 3/4 = 75 %, weight 2; democracy 1/2 = 50 %, weight 1: (150 + 50) / 3.
    assert weighted_percent([SERVICE, DEMOCRACY], {1: 3, 2: 1}) == pytest.approx(66.667, 0.001)
    assert weighted_percent([SERVICE, DEMOCRACY], {}) is None


def test_means_medians_spreads_and_totals_per_entry():
    cards = [(10, 1, {1: 4, 2: 2}), (10, 2, {1: 2, 2: 2}), (10, 3, {1: 3, 2: 1})]
    [result] = tally([SERVICE, DEMOCRACY], [10], cards).values()
    service, democracy = result.criteria
    assert result.jurors == 3
    assert service.values == [4, 2, 3]
    assert service.mean == 3
    assert service.median == 3
    assert service.spread == 2
    assert service.disagreement  # two steps apart on a 0-4 scale: half the scale
    assert democracy.mean == pytest.approx(5 / 3)
    assert democracy.spread == 1
    assert democracy.disagreement  # one step on a 0-2 scale is half of it too
    # Totals: 100, (100 + 100) / 3 = 66.7, (150 + 50) / 3 = 66.7.
    assert result.total == pytest.approx((100 + 200 / 3 + 200 / 3) / 3)
    assert result.total_spread == pytest.approx(100 - 200 / 3)


def test_agreeing_jurors_raise_no_flag():
    cards = [(10, 1, {1: 3, 2: 1}), (10, 2, {1: 3, 2: 1})]
    [result] = tally([SERVICE, DEMOCRACY], [10], cards).values()
    assert not result.disagreement
    assert result.flagged_criteria == 0


def test_normalisation_evens_out_a_strict_and_a_generous_juror():
    # Juror 1 is generous, juror 2 strict, but both rank entry 10 above entry 20 by the same
    # step: after normalisation the two entries are as far apart for both.
    service = CriterionSpec(1, weight=1, top=4)
    cards = [(10, 1, {1: 4}), (20, 1, {1: 3}), (10, 2, {1: 2}), (20, 2, {1: 1})]
    results = tally([service], [10, 20], cards)
    # Raw totals: entry 10 = (100 + 50) / 2 = 75, entry 20 = (75 + 25) / 2 = 50.
    assert results[10].total == 75
    assert results[20].total == 50
    # All four totals: mean 62.5, population sd 27.95. Each juror's own sd is 12.5, so each
    # juror's higher score becomes z = +1 and the lower z = -1: 62.5 ± 27.95.
    assert results[10].normalised == pytest.approx(62.5 + 27.951, abs=0.01)
    assert results[20].normalised == pytest.approx(62.5 - 27.951, abs=0.01)


def test_a_juror_with_one_scorecard_keeps_the_raw_total():
    service = CriterionSpec(1, weight=1, top=4)
    results = tally([service], [10, 20], [(10, 1, {1: 2})])
    assert results[10].normalised == 50
    assert results[20].jurors == 0
    assert results[20].total is None
    assert not results[20].disagreement


def test_a_jury_that_always_spreads_is_flagged_only_where_it_spreads_most():
    """Four entries, each with jurors two steps apart on service (half the scale) and one
    with four steps: only that one is unusual for this jury."""
    service = CriterionSpec(1, weight=1, top=4)
    cards = []
    for entry, (low, high) in {10: (1, 3), 20: (2, 4), 30: (1, 3), 40: (0, 4)}.items():
        cards += [(entry, 1, {1: low}), (entry, 2, {1: high})]
    results = tally([service], [10, 20, 30, 40], cards)
    assert [results[e].disagreement for e in (10, 20, 30, 40)] == [False, False, False, True]
    flagged = results[40]
    assert flagged.criteria[0].disagreement
    assert flagged.total_spread == 100
    assert flagged.usual_spread == 50  # the median spread the flag is measured against
    assert flagged.total_disagreement


def test_equal_spreads_everywhere_flag_nothing():
    service = CriterionSpec(1, weight=1, top=4)
    cards = [(e, j, {1: 1 + 2 * (j - 1)}) for e in (10, 20, 30) for j in (1, 2)]
    results = tally([service], [10, 20, 30], cards)
    assert not any(result.disagreement for result in results.values())
