"""The Schulze method: a winner and a full order from the jurors' rankings of the finalists.

Pure functions over plain values (no database), so the arithmetic is tested on its own. A
ballot maps candidates to ranks (1 is best; equal ranks are ties). A candidate missing from a
ballot, such as the entry a juror is conflicted with, gives that ballot no say in any pair
involving it: a conflicted juror neither helps nor harms the entry.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import permutations


@dataclass(frozen=True)
class SchulzeResult:
    candidates: tuple
    # pairwise[(a, b)]: how many ballots rank a above b.
    pairwise: Mapping[tuple, int]
    # strongest[(a, b)]: the strength of the strongest path from a to b.
    strongest: Mapping[tuple, int]
    # The order as tiers, best first; a tier with several candidates is a tie.
    order: tuple[tuple, ...]

    @property
    def winners(self) -> tuple:
        return self.order[0] if self.order else ()

    def beats(self, a, b) -> bool:
        return self.strongest[(a, b)] > self.strongest[(b, a)]


def schulze(
    candidates: Sequence[Hashable], ballots: Iterable[Mapping[Hashable, int]]
) -> SchulzeResult:
    candidates = tuple(candidates)
    pairwise = dict.fromkeys(permutations(candidates, 2), 0)
    for ballot in ballots:
        for a, b in pairwise:
            if a in ballot and b in ballot and ballot[a] < ballot[b]:
                pairwise[(a, b)] += 1
    strongest = {
        (a, b): count if count > pairwise[(b, a)] else 0 for (a, b), count in pairwise.items()
    }
    # Widest paths (Floyd-Warshall): the weakest link of the strongest chain of wins.
    for i in candidates:
        for j in candidates:
            if j == i:
                continue
            for k in candidates:
                if k in (i, j):
                    continue
                strongest[(j, k)] = max(
                    strongest[(j, k)], min(strongest[(j, i)], strongest[(i, k)])
                )
    order = []
    remaining = list(candidates)
    while remaining:
        tier = tuple(
            a
            for a in remaining
            if not any(strongest[(b, a)] > strongest[(a, b)] for b in remaining if b != a)
        )
        order.append(tier)
        remaining = [a for a in remaining if a not in tier]
    return SchulzeResult(
        candidates=candidates, pairwise=pairwise, strongest=strongest, order=tuple(order)
    )
