"""The impact metrics worked out again with pandas and SciPy from the fixture's records,
following the definitions the response states, without the service's SQL."""

import datetime as dt
import itertools
import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from tests.mentoring.impact_builder import TODAY, ImpactWorld

TIER_CADENCE = {"intensive": 7, "targeted": 14, "universal": 30}


def frame(records: list[Any], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{c: getattr(r, c) for c in columns} for r in records], columns=columns)


def frames(w: ImpactWorld) -> dict[str, pd.DataFrame]:
    return {
        "participants": frame(
            w.participants,
            [
                "id",
                "program_id",
                "person_id",
                "role",
                "school_id",
                "staff_role",
                "school_level",
                "enrolled_on",
                "left_on",
            ],
        ),
        "matches": frame(
            w.matches,
            ["id", "program_id", "mentor_id", "mentee_id", "status", "started_on", "ended_on"],
        ),
        "check_ins": frame(w.check_ins, ["match_id", "held_on"]),
        "items": frame(w.items, ["id", "survey_id", "position", "outcome_level"]),
        "responses": frame(
            w.responses,
            ["id", "survey_id", "participant_id", "program_id", "phase", "responded_on"],
        ),
        "answers": frame(w.answers, ["response_id", "item_id", "score"]),
        "reviews": frame(w.reviews, ["id", "person_id", "program_id", "phase", "reviewed_on"]),
        "scores": frame(w.scores, ["review_id", "dimension", "score"]),
        "assignments": frame(
            w.assignments, ["person_id", "school_id", "role", "start_date", "end_date"]
        ),
        "schools": frame(w.schools, ["id", "level", "district_id"]),
    }


def enrolled(f: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    p = f["participants"]
    return p[(p.enrolled_on <= end) & (p.left_on.isna() | (p.left_on >= start))]


def participation(
    w: ImpactWorld, f: dict[str, pd.DataFrame], period: tuple[dt.date, dt.date] | None = None
) -> dict[str, Any]:
    start, end = period or w.period
    m = f["matches"]
    m = m[(m.status != "proposed") & m.started_on.notna() & (m.started_on <= end)]
    m = m[m.ended_on.isna() | (m.ended_on >= start)].copy()
    m["ws"] = m.started_on.map(lambda d: max(d, start))
    m["we"] = m.ended_on.map(lambda d: end if d is None or pd.isna(d) else min(d, end))
    mentees = f["participants"].set_index("id")
    tiers = {(w.tier.program_id, w.tier.school_id): TIER_CADENCE[w.tier.tier]}
    cadence = {w.mentoring.id: w.mentoring.cadence_days, w.coaching.id: w.coaching.cadence_days}
    targets = {
        w.mentoring.id: w.mentoring.target_caseload,
        w.coaching.id: w.coaching.target_caseload,
    }
    adherent, held_total, days_total = 0, 0, 0
    for row in m.itertuples():
        school = mentees.loc[row.mentee_id, "school_id"]
        limit = tiers.get((row.program_id, school), cadence[row.program_id])
        held = sorted(
            d
            for d in f["check_ins"][f["check_ins"].match_id == row.id].held_on
            if row.ws <= d <= row.we
        )
        held_total += len(held)
        days_total += (row.we - row.ws).days + 1
        marks = [row.ws, *held, row.we]
        gaps = [(b - a).days for a, b in itertools.pairwise(marks)]
        adherent += max(gaps) <= limit if held else (row.we - row.ws).days <= limit
    per_mentor = m.groupby("mentor_id").agg(
        caseload=("mentee_id", "nunique"), program=("program_id", "first")
    )
    per_mentor["target"] = per_mentor.program.map(targets)
    p = enrolled(f, start, end)
    return {
        "enrolled": {
            "participations": len(p),
            "people": p.person_id.nunique(),
            "mentors": int((p.role == "mentor").sum()),
            "mentees": int((p.role == "mentee").sum()),
        },
        "matches": len(m),
        "rate": held_total / (days_total / (365.25 / 12)),
        "adherence": adherent / len(m),
        "caseload": {
            "n": len(per_mentor),
            "mean_caseload": per_mentor.caseload.mean(),
            "mean_target": per_mentor.target.mean(),
            "mean_ratio_to_target": (per_mentor.caseload / per_mentor.target).mean(),
            "over_target": int((per_mentor.caseload > per_mentor.target).sum()),
        },
    }


def satisfaction(
    w: ImpactWorld, f: dict[str, pd.DataFrame], period: tuple[dt.date, dt.date] | None = None
) -> dict[Any, dict[str, Any]]:
    start, end = period or w.period
    p = enrolled(f, start, end)
    r = f["responses"]
    r = r[(r.responded_on >= start) & (r.responded_on <= end) & r.participant_id.isin(p.id)]
    a = (
        f["answers"]
        .merge(r, left_on="response_id", right_on="id")
        .merge(f["items"], left_on="item_id", right_on="id", suffixes=("", "_item"))
    )
    a = a[a.outcome_level == "satisfaction"]
    used = r[["survey_id", "program_id"]].drop_duplicates()
    invited = used.merge(p, on="program_id").groupby("survey_id").id.nunique()
    expected = {}
    for item_id, group in a.groupby("item_id"):
        expected[item_id] = {
            "n": len(group),
            "mean": group.score.mean(),
            "responders": group.participant_id.nunique(),
            "invited": int(invited[group.survey_id.iloc[0]]),
        }
    return expected


def paired(pre: pd.Series, post: pd.Series) -> dict[str, Any]:
    diff = (post - pre).to_numpy(dtype=float)
    n, mean, sd = len(diff), diff.mean(), diff.std(ddof=1)
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return {
        "n": n,
        "mean_pre": pre.mean(),
        "mean_post": post.mean(),
        "mean_change": mean,
        "ci_low": mean - half,
        "ci_high": mean + half,
        "effect_size_dz": mean / sd,
        "p_value": stats.ttest_1samp(diff, 0).pvalue,
    }


def growth(
    w: ImpactWorld, f: dict[str, pd.DataFrame], period: tuple[dt.date, dt.date] | None = None
) -> dict[Any, dict[str, Any]]:
    start, end = period or w.period
    mentees = f["participants"][f["participants"].role == "mentee"]
    a = (
        f["answers"]
        .merge(f["responses"], left_on="response_id", right_on="id")
        .merge(f["items"], left_on="item_id", right_on="id", suffixes=("", "_item"))
    )
    a = a[(a.outcome_level == "growth") & a.participant_id.isin(mentees.id)]
    pre = a[a.phase == "pre"].groupby(["survey_id", "participant_id"]).score.mean()
    post_rows = a[(a.phase == "post") & (a.responded_on >= start) & (a.responded_on <= end)]
    post = post_rows.groupby(["survey_id", "participant_id"]).score.mean()
    both = pd.concat([pre.rename("pre"), post.rename("post")], axis=1).dropna()
    return {
        survey: paired(group.pre, group.post) for survey, group in both.groupby(level="survey_id")
    }


def performance(
    w: ImpactWorld, f: dict[str, pd.DataFrame], period: tuple[dt.date, dt.date] | None = None
) -> dict[str, dict[str, Any]]:
    start, end = period or w.period
    mentees = f["participants"][f["participants"].role == "mentee"]
    s = f["scores"].merge(f["reviews"], left_on="review_id", right_on="id")
    s = s.merge(mentees, on=["person_id", "program_id"], suffixes=("", "_participant"))
    pre = s[s.phase == "pre"].groupby(["dimension", "id_participant"]).score.mean()
    post_rows = s[(s.phase == "post") & (s.reviewed_on >= start) & (s.reviewed_on <= end)]
    post = post_rows.groupby(["dimension", "id_participant"]).score.mean()
    both = pd.concat([pre.rename("pre"), post.rename("post")], axis=1).dropna()
    return {
        dimension: paired(group.pre, group.post) if len(group) >= 5 else {"n": len(group)}
        for dimension, group in both.groupby(level="dimension")
    }


def _held_on(assignments: pd.DataFrame, person: Any, day: dt.date) -> bool:
    mine = assignments[assignments.person_id == person]
    return bool(
        (
            (mine.start_date.isna() | (mine.start_date <= day))
            & (mine.end_date.isna() | (mine.end_date >= day))
        ).any()
    )


def wilson(k: int, n: int) -> tuple[float, float]:
    z = stats.norm.ppf(0.975)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def retention(w: ImpactWorld, f: dict[str, pd.DataFrame]) -> dict[str, Any]:
    start, end = w.period
    year = dt.timedelta(days=365)
    first, last = start - year, min(end, TODAY) - year
    p, ra = f["participants"], f["assignments"]
    ever = set(p[p.role == "mentee"].person_id)
    cohort = p[(p.role == "mentee") & (p.enrolled_on >= first) & (p.enrolled_on <= last)]
    began = cohort.groupby("person_id").enrolled_on.min()
    kept = sum(_held_on(ra, person, day + year) for person, day in began.items())
    strata = set(zip(cohort.staff_role, cohort.school_level, strict=True))
    staff = ra.merge(f["schools"], left_on="school_id", right_on="id")
    staff = staff[
        (staff.start_date >= first)
        & (staff.start_date <= last)
        & ~staff.person_id.isin(ever)
        & np.array([(r, lv) in strata for r, lv in zip(staff.role, staff.level, strict=True)])
    ]
    other = staff.groupby("person_id").start_date.min()
    other_kept = sum(_held_on(ra, person, day + year) for person, day in other.items())
    n, m = len(began), len(other)
    p1, p2 = kept / n, other_kept / m
    (l1, u1), (l2, u2) = wilson(kept, n), wilson(other_kept, m)
    return {
        "n": n,
        "kept": kept,
        "comparison_n": m,
        "comparison_kept": other_kept,
        "difference": p1 - p2,
        "ci_low": p1 - p2 - np.hypot(p1 - l1, u2 - p2),
        "ci_high": p1 - p2 + np.hypot(u1 - p1, p2 - l2),
        "wilson": (l1, u1),
    }
