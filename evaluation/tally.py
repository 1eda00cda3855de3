"""The arithmetic of a scoring round, on plain data: weighted totals, means and medians,
disagreement between jurors and per-juror normalised scores. No database here, so every
number can be checked by hand in the tests."""

import statistics
from dataclasses import dataclass, field

# Jurors disagree on a criterion when their scores lie at least this share of the scale apart
# (two steps on a 0-4 scale), and on an entry when their weighted totals lie this many
# percentage points apart; and, where the round has more than one entry to compare, only when
# the spread is also among the round's largest: in its top quartile and above its median. A
# jury that always spreads two steps is not flagged on every entry; the flag marks what is
# unusual for this jury.
CRITERION_DISAGREEMENT = 0.5
TOTAL_DISAGREEMENT = 20.0


def _unusual(spread: float, spreads: list[float]) -> bool:
    """Whether `spread` is large for the round: at or above the upper quartile of `spreads`
    and above their median (any spread counts when there is nothing to compare it with)."""
    if len(spreads) < 2:
        return True
    upper = statistics.quantiles(spreads, n=4, method="inclusive")[2]
    return spread >= upper and spread > statistics.median(spreads)


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: float
    top: int  # the highest step's index: 4 on a five-step scale
    name: str = ""


@dataclass
class CriterionResult:
    criterion: CriterionSpec
    values: list[int]
    mean: float | None = None
    median: float | None = None
    spread: int | None = None  # highest minus lowest score, in steps
    disagreement: bool = False


@dataclass
class EntryResult:
    entry_id: int
    jurors: int = 0
    criteria: list[CriterionResult] = field(default_factory=list)
    total: float | None = None  # weighted, in per cent of the scale
    normalised: float | None = None  # the same after each juror's z-score, in per cent
    total_spread: float | None = None  # highest minus lowest juror total, percentage points
    usual_spread: float | None = None  # the round's median total spread, for comparison
    total_disagreement: bool = False  # the totals lie unusually far apart
    disagreement: bool = False

    @property
    def flagged_criteria(self) -> int:
        return sum(result.disagreement for result in self.criteria)

    @property
    def flagged_names(self) -> list[str]:
        """The criteria the jurors disagree on, by name: why the entry is flagged."""
        return [result.criterion.name for result in self.criteria if result.disagreement]


def weighted_percent(criteria: list[CriterionSpec], values: dict[int, int]) -> float | None:
    """A scorecard's weighted total in per cent of the scale; criteria may use scales of
    different lengths, so each counts as its share of its own top step."""
    weights = [(c.weight, values[c.id] / c.top) for c in criteria if c.id in values and c.top]
    total_weight = sum(weight for weight, _ in weights)
    if not total_weight:
        return None
    return 100 * sum(weight * share for weight, share in weights) / total_weight


def tally(
    criteria: list[CriterionSpec],
    entry_ids: list[int],
    scorecards: list[tuple[int, int, dict[int, int]]],
) -> dict[int, EntryResult]:
    """Results per entry from submitted scorecards given as (entry id, juror id, {criterion
    id: step}). Normalisation: each juror's totals become z-scores over the entries that juror
    scored, rescaled to the mean and spread of all totals, so a strict and a generous juror
    count alike. A juror with a single scorecard or equal totals keeps their raw totals."""
    totals = {(e, j): weighted_percent(criteria, values) for e, j, values in scorecards}
    totals = {key: value for key, value in totals.items() if value is not None}
    all_totals = list(totals.values())
    pooled_mean = statistics.fmean(all_totals) if all_totals else 0.0
    pooled_sd = statistics.pstdev(all_totals) if len(all_totals) > 1 else 0.0
    normalised: dict[tuple[int, int], float] = {}
    for juror in {j for _, j in totals}:
        own = {key: value for key, value in totals.items() if key[1] == juror}
        mean = statistics.fmean(own.values())
        sd = statistics.pstdev(own.values()) if len(own) > 1 else 0.0
        for key, value in own.items():
            rescaled = pooled_mean + (value - mean) / sd * pooled_sd if sd else value
            normalised[key] = min(100.0, max(0.0, rescaled))

    results = {}
    for entry_id in entry_ids:
        cards = [values for e, _, values in scorecards if e == entry_id]
        result = EntryResult(entry_id=entry_id, jurors=len(cards))
        for criterion in criteria:
            values = [card[criterion.id] for card in cards if criterion.id in card]
            row = CriterionResult(criterion=criterion, values=values)
            if values:
                row.mean = statistics.fmean(values)
                row.median = statistics.median(values)
                row.spread = max(values) - min(values)
                row.disagreement = bool(
                    len(values) > 1
                    and criterion.top
                    and row.spread / criterion.top >= CRITERION_DISAGREEMENT
                )
            result.criteria.append(row)
        entry_totals = [value for (e, _), value in totals.items() if e == entry_id]
        if entry_totals:
            result.total = statistics.fmean(entry_totals)
            result.total_spread = max(entry_totals) - min(entry_totals)
            result.normalised = statistics.fmean(
                value for (e, _), value in normalised.items() if e == entry_id
            )
        results[entry_id] = result

    # Against the round: a spread is a disagreement only if it is unusual for this jury.
    compared = [r for r in results.values() if r.jurors > 1]
    for i in range(len(criteria)):
        spreads = [r.criteria[i].spread for r in compared if r.criteria[i].spread is not None]
        for r in compared:
            row = r.criteria[i]
            row.disagreement = row.disagreement and _unusual(row.spread, spreads)
    total_spreads = [r.total_spread for r in compared if r.total_spread is not None]
    usual = statistics.median(total_spreads) if total_spreads else None
    for result in results.values():
        result.usual_spread = usual
        result.total_disagreement = (
            result.jurors > 1
            and result.total_spread is not None
            and result.total_spread >= TOTAL_DISAGREEMENT
            and _unusual(result.total_spread, total_spreads)
        )
        result.disagreement = result.flagged_criteria > 0 or result.total_disagreement
    return results
