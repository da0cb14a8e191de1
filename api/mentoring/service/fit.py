"""How well a mentor fits a mentee: points per reason, for every pair at once.

Each reason is one numpy operation over the whole mentors x mentees grid (lists
become bit sets, and the bits a pair shares are counted for every pair at once), so
300 mentors and 1,000 mentees cost milliseconds, not 300,000 Python comparisons.
The texts are written only for the pairs an assignment keeps.
"""

import uuid
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from api.mentoring.vocabulary import FitReason, PairBarrier

# Points per shared item, and the most items that count (a long shared list should
# not outweigh everything else).
SHARED_ITEMS: dict[FitReason, tuple[str, float, int]] = {
    FitReason.shared_subjects: ("subjects", 3.0, 2),
    FitReason.shared_interests: ("interests", 1.0, 3),
    FitReason.shared_grade_levels: ("grade_levels", 1.0, 2),
}
SAME_VALUE: dict[FitReason, tuple[str, float]] = {
    FitReason.same_school_level: ("school_level", 3.0),
    FitReason.same_locale_type: ("locale_type", 2.0),
}
MORE_EXPERIENCE_POINTS = 2.0
SHARED_SENTENCES = {
    FitReason.shared_subjects: "Both work in {}.",
    FitReason.shared_interests: "Shared interests: {}.",
    FitReason.shared_grade_levels: "Both work with grades {}.",
}
MAX_SCORE = (
    sum(points * most for _, points, most in SHARED_ITEMS.values())
    + sum(points for _, points in SAME_VALUE.values())
    + MORE_EXPERIENCE_POINTS
)


@dataclass(frozen=True)
class Profile:
    """What the fit reads of a participant."""

    person_id: uuid.UUID | None = None
    school_id: uuid.UUID | None = None
    supervisor_id: uuid.UUID | None = None
    subjects: Sequence[str] = ()
    grade_levels: Sequence[str] = ()
    interests: Sequence[str] = ()
    school_level: str | None = None
    locale_type: str | None = None
    years_experience: int | None = None


@dataclass(frozen=True)
class Reason:
    code: FitReason
    points: float
    text: str


@dataclass(frozen=True)
class Fit:
    points: dict[FitReason, NDArray[np.float64]]  # mentors x mentees, per reason
    barriers: dict[PairBarrier, NDArray[np.bool_]]  # mentors x mentees, per barrier
    score: NDArray[np.float64]
    allowed: NDArray[np.bool_]


def fit(mentors: Sequence[Profile], mentees: Sequence[Profile], *, avoid_same_school: bool) -> Fit:
    shape = (len(mentors), len(mentees))
    points: dict[FitReason, NDArray[np.float64]] = {}
    for reason, (field, each, most) in SHARED_ITEMS.items():
        shared = _shared_counts(mentors, mentees, field)
        points[reason] = each * np.minimum(shared, most)
    for reason, (field, worth) in SAME_VALUE.items():
        points[reason] = worth * _same(mentors, mentees, field)
    points[FitReason.more_experience] = MORE_EXPERIENCE_POINTS * _more_experienced(mentors, mentees)
    barriers = {
        PairBarrier.supervisor: _equal(
            [m.person_id for m in mentors], [e.supervisor_id for e in mentees]
        ),
        PairBarrier.same_person: _equal(
            [m.person_id for m in mentors], [e.person_id for e in mentees]
        ),
    }
    if avoid_same_school:
        barriers[PairBarrier.same_school] = _equal(
            [m.school_id for m in mentors], [e.school_id for e in mentees]
        )
    score = np.zeros(shape)
    for grid in points.values():
        score += grid
    barred = np.zeros(shape, dtype=bool)
    for mask in barriers.values():
        barred |= mask
    return Fit(points, barriers, score, ~barred)


def reasons(fitted: Fit, mentor: Profile, mentee: Profile, i: int, j: int) -> list[Reason]:
    """The reasons behind pair (i, j)'s score, each with its points and a sentence."""
    return pair_reasons(fitted, [mentor], [mentee], [i], [j])[0]


def pair_reasons(
    fitted: Fit,
    mentors: Sequence[Profile],
    mentees: Sequence[Profile],
    rows: Sequence[int],
    cols: Sequence[int],
) -> list[list[Reason]]:
    """The reasons of many pairs at once: pair k is mentor `mentors[k]` (row `rows[k]`
    of the grids) with mentee `mentees[k]` (column `cols[k]`)."""
    worth = {code: grid[rows, cols].tolist() for code, grid in fitted.points.items()}
    return [
        [
            Reason(code, points[k], _sentence(code, mentor, mentee))
            for code, points in worth.items()
            if points[k] > 0
        ]
        for k, (mentor, mentee) in enumerate(zip(mentors, mentees, strict=True))
    ]


def barriers_against(fitted: Fit, j: int, mentors: NDArray[np.bool_]) -> list[PairBarrier]:
    """Which barriers stand between mentee `j` and the given mentors."""
    return [code for code, grid in fitted.barriers.items() if bool(grid[mentors, j].any())]


def _shared_items(mentor: Profile, mentee: Profile, field: str) -> list[str]:
    theirs = {_key(item) for item in getattr(mentee, field)}
    return sorted({item for item in getattr(mentor, field) if _key(item) in theirs})


def _sentence(code: FitReason, mentor: Profile, mentee: Profile) -> str:
    if code in SHARED_ITEMS:
        items = ", ".join(_shared_items(mentor, mentee, SHARED_ITEMS[code][0]))
        return SHARED_SENTENCES[code].format(items)
    if code is FitReason.same_school_level:
        return f"Both work in {mentor.school_level} schools."
    if code is FitReason.same_locale_type:
        return f"Same locale type: {mentor.locale_type}."
    return (
        f"The mentor has {mentor.years_experience} years of experience, "
        f"the mentee {mentee.years_experience}."
    )


def _key(item: Any) -> str:
    return str(item).strip().casefold()


def _positions(
    profiles: Sequence[Profile], field: str, columns: dict[str, int]
) -> tuple[list[int], list[int]]:
    """(row, column) of every item each profile lists, numbering new items as met."""
    rows: list[int] = []
    cols: list[int] = []
    for row, profile in enumerate(profiles):
        for key in {_key(item) for item in getattr(profile, field)}:
            rows.append(row)
            cols.append(columns.setdefault(key, len(columns)))
    return rows, cols


def _shared_counts(
    mentors: Sequence[Profile], mentees: Sequence[Profile], field: str
) -> NDArray[np.float64]:
    """Items each pair shares: every list as a bit set, 64 items to a word, and the
    bits both sides hold counted pair by pair (no BLAS: its threads stall on a busy host)."""
    columns: dict[str, int] = {}
    placed = [_positions(mentors, field, columns), _positions(mentees, field, columns)]
    words = max(1, -(-len(columns) // 64))
    masks = []
    for profiles, (rows, cols) in zip((mentors, mentees), placed, strict=True):
        mask = np.zeros((len(profiles), words), dtype=np.uint64)
        bit = np.asarray(cols, dtype=np.uint64)
        where = (np.asarray(rows, dtype=np.intp), (bit // np.uint64(64)).astype(np.intp))
        np.bitwise_or.at(mask, where, np.left_shift(np.uint64(1), bit % np.uint64(64)))
        masks.append(mask)
    shared = np.zeros((len(mentors), len(mentees)), dtype=np.float64)
    for word in range(words):
        shared += np.bitwise_count(masks[0][:, word, None] & masks[1][None, :, word])
    return shared


def _codes(
    left: Sequence[Hashable | None], right: Sequence[Hashable | None]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Both sides as integer codes, one code per distinct value, -1 for a missing one."""
    known: dict[Hashable, int] = {}

    def code(values: Sequence[Hashable | None]) -> NDArray[np.int64]:
        return np.array(
            [-1 if v is None else known.setdefault(v, len(known)) for v in values], dtype=np.int64
        ).reshape(len(values))

    return code(left), code(right)


def _equal(left: Sequence[Hashable | None], right: Sequence[Hashable | None]) -> NDArray[np.bool_]:
    a, b = _codes(left, right)
    same: NDArray[np.bool_] = (a[:, None] == b[None, :]) & (a[:, None] >= 0)
    return same


def _same(
    mentors: Sequence[Profile],
    mentees: Sequence[Profile],
    field: str,
) -> NDArray[np.float64]:
    def keyed(profiles: Sequence[Profile]) -> list[str | None]:
        values = [getattr(p, field) for p in profiles]
        return [None if v is None else _key(v) for v in values]

    return _equal(keyed(mentors), keyed(mentees)).astype(np.float64)


def _more_experienced(
    mentors: Sequence[Profile], mentees: Sequence[Profile]
) -> NDArray[np.float64]:
    def years(profiles: Sequence[Profile]) -> NDArray[np.float64]:
        return np.array(
            [np.nan if p.years_experience is None else p.years_experience for p in profiles],
            dtype=np.float64,
        ).reshape(len(profiles))

    # A comparison with NaN (years unknown) is False: no points without both figures.
    return (years(mentors)[:, None] > years(mentees)[None, :]).astype(np.float64)
