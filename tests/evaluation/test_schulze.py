"""The Schulze arithmetic, checked against worked examples."""

from evaluation.schulze import schulze


def ballots_from(groups):
    """(count, "ACBED") → that many ballots ranking the letters in that order."""
    ballots = []
    for count, order in groups:
        ballots += [{c: rank for rank, c in enumerate(order, start=1)}] * count
    return ballots


def test_schulze_worked_example_with_45_voters_gives_e_a_c_b_d():
    # The classic worked example of the method (Schulze 2011, also on Wikipedia).
    ballots = ballots_from(
        [
            (5, "ACBED"),
            (5, "ADECB"),
            (8, "BEDAC"),
            (3, "CABED"),
            (7, "CAEBD"),
            (2, "CBADE"),
            (7, "DCEBA"),
            (8, "EBADC"),
        ]
    )
    result = schulze("ABCDE", ballots)
    assert result.pairwise[("A", "B")] == 20
    assert result.pairwise[("B", "A")] == 25
    assert result.pairwise[("E", "D")] == 31
    assert result.pairwise[("E", "C")] == 21
    assert result.strongest[("E", "A")] == 25
    assert result.strongest[("A", "E")] == 24
    assert result.order == (("E",), ("A",), ("C",), ("B",), ("D",))
    assert result.winners == ("E",)
    assert result.beats("E", "D")
    assert not result.beats("D", "E")


def test_schulze_condorcet_cycle_of_equal_strength_is_a_tie():
    ballots = ballots_from([(1, "ABC"), (1, "BCA"), (1, "CAB")])
    result = schulze("ABC", ballots)
    assert result.order == (("A", "B", "C"),)
    assert result.winners == ("A", "B", "C")


def test_schulze_tied_ranks_on_a_ballot_express_no_preference():
    result = schulze("AB", [{"A": 1, "B": 1}, {"A": 1, "B": 2}])
    assert result.pairwise == {("A", "B"): 1, ("B", "A"): 0}
    assert result.order == (("A",), ("B",))


def test_schulze_conflicted_juror_has_no_say_on_the_entry_left_off_their_ballot():
    # Three jurors prefer B to A; the fourth, conflicted with B, ranks only A and C.
    ballots = [{"B": 1, "A": 2, "C": 3}] * 3 + [{"A": 1, "C": 2}]
    result = schulze("ABC", ballots)
    assert result.pairwise[("A", "B")] == 0
    assert result.pairwise[("B", "A")] == 3
    assert result.pairwise[("A", "C")] == 4
    assert result.order == (("B",), ("A",), ("C",))


def test_schulze_without_ballots_everyone_ties():
    assert schulze("AB", []).order == (("A", "B"),)
    assert schulze("", []).winners == ()
