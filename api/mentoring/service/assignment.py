"""The optimal assignment of mentees to mentors' open places.

Each mentor offers as many places as they have room for; every place is a row of
the score matrix, every mentee a column, and SciPy's `linear_sum_assignment`
picks at most one mentee per place and one place per mentee.

"Optimal" is lexicographic: first as many mentees matched as the places and the
barriers allow, then the highest total score among those assignments. A
programme wants every mentee to have someone, so a pair with little in common
beats leaving a mentee alone. Barred pairs carry a penalty larger than any
difference in total score, so the solver uses one only when a mentee could not
be placed otherwise; those are dropped from the answer and the mentee stays
unmatched.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Assignment:
    mentors: NDArray[np.intp]  # the mentor (row of the score matrix) of each pair
    mentees: NDArray[np.intp]  # the mentee (column) of each pair
    total_score: float


def assign(
    scores: NDArray[np.float64], allowed: NDArray[np.bool_], places: NDArray[np.integer]
) -> Assignment:
    """Pairs (mentor, mentee) of the best assignment, ordered by mentee.

    `scores` and `allowed` are mentors x mentees; `places[i]` is how many more
    mentees mentor `i` may take.
    """
    n_mentors, n_mentees = scores.shape
    if allowed.shape != scores.shape or places.shape != (n_mentors,):
        raise ValueError("scores, allowed and places disagree on the number of mentors or mentees")
    # A mentor never needs more places than mentees they may be given: the cap loses
    # nothing and keeps the matrix small when a capacity is generous.
    usable = np.minimum(np.clip(places, 0, None), allowed.sum(axis=1))
    owner = np.repeat(np.arange(n_mentors), usable)
    if owner.size == 0 or n_mentees == 0:
        empty = np.empty(0, dtype=np.intp)
        return Assignment(empty, empty, 0.0)
    slot_scores, slot_allowed = scores[owner], allowed[owner]
    penalty = _penalty(scores[allowed], min(owner.size, n_mentees))
    # Imported when pairs are proposed: SciPy adds a second to every process's start-up.
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(np.where(slot_allowed, slot_scores, -penalty), maximize=True)
    kept = slot_allowed[rows, cols]
    rows, cols = rows[kept], cols[kept]
    order = np.argsort(cols, kind="stable")
    mentors, mentees = owner[rows[order]], cols[order]
    return Assignment(mentors, mentees, float(scores[mentors, mentees].sum()))


def _penalty(allowed_scores: NDArray[np.float64], pairs: int) -> float:
    """More than any two assignments of `pairs` allowed pairs can differ by in total."""
    if allowed_scores.size == 0:
        return 1.0
    spread = float(np.abs(allowed_scores).max())
    return 2.0 * spread * pairs + 1.0
