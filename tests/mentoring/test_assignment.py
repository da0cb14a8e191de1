"""The solver and the fit, without a database: optimal against brute force, within
capacity, never a barred pair, and the scores a hand-worked case gives."""

import itertools
import uuid
from collections import Counter

import numpy as np
import pytest

from api.core.errors import Conflict
from api.mentoring.service.assignment import assign
from api.mentoring.service.fit import MAX_SCORE, Profile, barriers_against, fit, reasons
from api.mentoring.service.suggestions import MAX_PAIRS, check_pool_size
from api.mentoring.vocabulary import FitReason, PairBarrier

SEEDS = range(12)


def brute_force(scores: np.ndarray, allowed: np.ndarray, places: np.ndarray) -> tuple[int, float]:
    """The best (mentees matched, total score) over every assignment within capacity."""
    n_mentors, n_mentees = scores.shape
    best = (0, 0.0)
    for choice in itertools.product([None, *range(n_mentors)], repeat=n_mentees):
        used = Counter(m for m in choice if m is not None)
        if any(used[m] > places[m] for m in used):
            continue
        pairs = [(m, j) for j, m in enumerate(choice) if m is not None]
        if not all(allowed[m, j] for m, j in pairs):
            continue
        value = (len(pairs), float(sum(scores[m, j] for m, j in pairs)))
        if value[0] > best[0] or (value[0] == best[0] and value[1] > best[1] + 1e-9):
            best = value
    return best


def assert_feasible(
    mentors: np.ndarray, mentees: np.ndarray, allowed: np.ndarray, places: np.ndarray
) -> None:
    assert len(set(mentees.tolist())) == len(mentees), "a mentee placed twice"
    assert all(allowed[mentors, mentees]), "a barred pair"
    for mentor, taken in Counter(mentors.tolist()).items():
        assert taken <= places[mentor], "over capacity"


@pytest.mark.parametrize("seed", SEEDS)
def test_the_assignment_is_optimal_and_within_capacity(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_mentors, n_mentees = int(rng.integers(1, 4)), int(rng.integers(1, 7))
    # Whole scores make ties common (the hard case); fractional ones test the sums.
    scores = rng.integers(0, 6, size=(n_mentors, n_mentees)).astype(float)
    if seed % 2:
        scores += rng.random((n_mentors, n_mentees))
    allowed = rng.random((n_mentors, n_mentees)) > 0.3
    places = rng.integers(0, 3, size=n_mentors)
    result = assign(scores, allowed, places)
    assert_feasible(result.mentors, result.mentees, allowed, places)
    matched, total = brute_force(scores, allowed, places)
    assert len(result.mentees) == matched
    assert result.total_score == pytest.approx(total, abs=1e-9)
    assert result.total_score == pytest.approx(scores[result.mentors, result.mentees].sum())


def test_a_better_pair_gives_way_so_that_one_more_mentee_is_matched() -> None:
    # Mentor 0 fits mentee 0 best, but only mentor 0 may take mentee 1.
    scores = np.array([[10.0, 0.0], [1.0, 0.0]])
    allowed = np.array([[True, True], [True, False]])
    result = assign(scores, allowed, np.array([1, 1]))
    assert list(zip(result.mentors.tolist(), result.mentees.tolist(), strict=True)) == [
        (1, 0),
        (0, 1),
    ]
    assert result.total_score == 1.0


def test_a_generous_capacity_is_capped_at_what_can_be_used() -> None:
    scores = np.ones((2, 3))
    result = assign(scores, np.ones((2, 3), dtype=bool), np.array([30_000, 0]))
    assert result.mentors.tolist() == [0, 0, 0]
    assert result.mentees.tolist() == [0, 1, 2]


def test_no_places_or_no_mentees_is_no_pairs() -> None:
    assert len(assign(np.ones((2, 2)), np.ones((2, 2), dtype=bool), np.array([0, 0])).mentees) == 0
    assert len(assign(np.ones((2, 0)), np.ones((2, 0), dtype=bool), np.array([1, 1])).mentees) == 0
    with pytest.raises(ValueError, match="disagree"):
        assign(np.ones((2, 2)), np.ones((2, 2), dtype=bool), np.array([1]))


# The fit ------------------------------------------------------------------------------

SUBJECTS = ["math", "ela", "science", "arts", "sel"]
GRADES = ["KG", "01", "06", "07", "09", "10"]
INTERESTS = ["data", "family", "literacy", "coaching"]


def random_profile(
    rng: np.random.Generator, people: list[uuid.UUID], schools: list[uuid.UUID]
) -> Profile:
    def some(items: list[str]) -> list[str]:
        return [str(x) for x in rng.choice(items, size=int(rng.integers(0, 4)), replace=False)]

    def maybe(items: list[str]) -> str | None:
        return None if rng.random() < 0.2 else str(rng.choice(items))

    return Profile(
        person_id=people[int(rng.integers(len(people)))],
        school_id=None if rng.random() < 0.2 else schools[int(rng.integers(len(schools)))],
        supervisor_id=None if rng.random() < 0.3 else people[int(rng.integers(len(people)))],
        subjects=some(SUBJECTS),
        grade_levels=some(GRADES),
        interests=some(INTERESTS),
        school_level=maybe(["elementary", "middle", "high"]),
        locale_type=maybe(["city", "suburb", "town", "rural"]),
        years_experience=None if rng.random() < 0.2 else int(rng.integers(0, 25)),
    )


def reference_score(mentor: Profile, mentee: Profile) -> float:
    """The scoring rules written pair by pair, as the API documents them."""

    def shared(a: list[str] | tuple[str, ...], b: list[str] | tuple[str, ...]) -> int:
        return len({x.casefold() for x in a} & {x.casefold() for x in b})

    score = 3.0 * min(shared(mentor.subjects, mentee.subjects), 2)
    score += 1.0 * min(shared(mentor.interests, mentee.interests), 3)
    score += 1.0 * min(shared(mentor.grade_levels, mentee.grade_levels), 2)
    if mentor.school_level is not None and mentor.school_level == mentee.school_level:
        score += 3.0
    if mentor.locale_type is not None and mentor.locale_type == mentee.locale_type:
        score += 2.0
    if (
        mentor.years_experience is not None
        and mentee.years_experience is not None
        and mentor.years_experience > mentee.years_experience
    ):
        score += 2.0
    return score


@pytest.mark.parametrize("seed", range(4))
def test_the_vectorised_fit_equals_the_rules_pair_by_pair(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    people = [uuid.uuid4() for _ in range(12)]
    schools = [uuid.uuid4() for _ in range(4)]
    mentors = [random_profile(rng, people, schools) for _ in range(9)]
    mentees = [random_profile(rng, people, schools) for _ in range(14)]
    for avoid in (False, True):
        fitted = fit(mentors, mentees, avoid_same_school=avoid)
        for (i, mentor), (j, mentee) in itertools.product(enumerate(mentors), enumerate(mentees)):
            assert fitted.score[i, j] == reference_score(mentor, mentee)
            assert fitted.score[i, j] <= MAX_SCORE
            assert (
                sum(r.points for r in reasons(fitted, mentor, mentee, i, j)) == fitted.score[i, j]
            )
            barred = mentor.person_id in (mentee.supervisor_id, mentee.person_id) or (
                avoid and mentor.school_id is not None and mentor.school_id == mentee.school_id
            )
            assert fitted.allowed[i, j] is not barred


@pytest.mark.parametrize("seed", range(6))
def test_supervisors_and_colleagues_are_never_paired(seed: int) -> None:
    rng = np.random.default_rng(200 + seed)
    people = [uuid.uuid4() for _ in range(6)]
    schools = [uuid.uuid4() for _ in range(3)]
    mentors = [random_profile(rng, people, schools) for _ in range(5)]
    mentees = [random_profile(rng, people, schools) for _ in range(12)]
    fitted = fit(mentors, mentees, avoid_same_school=True)
    result = assign(fitted.score, fitted.allowed, np.full(len(mentors), 3))
    for i, j in zip(result.mentors.tolist(), result.mentees.tolist(), strict=True):
        assert mentors[i].person_id != mentees[j].supervisor_id
        assert mentors[i].person_id != mentees[j].person_id
        assert mentees[j].school_id is None or mentors[i].school_id != mentees[j].school_id


def test_a_hand_worked_pair() -> None:
    boss, mentor_person, school, other_school = (uuid.uuid4() for _ in range(4))
    mentor = Profile(
        person_id=mentor_person,
        school_id=school,
        subjects=["Math", "science", "arts"],
        grade_levels=["06", "07"],
        interests=["data"],
        school_level="middle",
        locale_type="rural",
        years_experience=15,
    )
    mentee = Profile(
        person_id=uuid.uuid4(),
        school_id=other_school,
        supervisor_id=boss,
        subjects=["math", "science", "arts"],  # three shared, two count
        grade_levels=["07", "08"],
        interests=["family"],
        school_level="middle",
        locale_type="suburb",
        years_experience=3,
    )
    fitted = fit([mentor], [mentee], avoid_same_school=True)
    assert fitted.score[0, 0] == 6.0 + 1.0 + 3.0 + 2.0
    assert [(r.code, r.points, r.text) for r in reasons(fitted, mentor, mentee, 0, 0)] == [
        (FitReason.shared_subjects, 6.0, "Both work in Math, arts, science."),
        (FitReason.shared_grade_levels, 1.0, "Both work with grades 07."),
        (FitReason.same_school_level, 3.0, "Both work in middle schools."),
        (FitReason.more_experience, 2.0, "The mentor has 15 years of experience, the mentee 3."),
    ]
    assert fitted.allowed[0, 0]


def test_barriers_name_what_stands_in_the_way() -> None:
    boss, school = uuid.uuid4(), uuid.uuid4()
    mentee = Profile(person_id=uuid.uuid4(), school_id=school, supervisor_id=boss)
    mentors = [Profile(person_id=boss), Profile(person_id=uuid.uuid4(), school_id=school)]
    allowing = fit(mentors, [mentee], avoid_same_school=False)
    assert allowing.allowed[:, 0].tolist() == [False, True]
    avoiding = fit(mentors, [mentee], avoid_same_school=True)
    assert avoiding.allowed[:, 0].tolist() == [False, False]
    assert barriers_against(avoiding, 0, ~avoiding.allowed[:, 0]) == [
        PairBarrier.supervisor,
        PairBarrier.same_school,
    ]


def test_a_pool_too_large_to_weigh_at_once_is_refused_before_any_work() -> None:
    check_pool_size(300, 1000)
    check_pool_size(1, MAX_PAIRS)
    with pytest.raises(Conflict, match="1,001 mentors and 1,000 mentees"):
        check_pool_size(1001, 1000)
