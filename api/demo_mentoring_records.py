"""The demo's mentoring records as they are made: participants, pairs and their check-ins,
surveys and answers, reviews, kept in levels so each refers only to levels before it."""

import datetime as dt
import random
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.records import new_id
from api.directory.models import School
from api.mentoring.models import (
    CheckIn,
    Match,
    Participant,
    Program,
    Review,
    ReviewScore,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
)

DIMENSIONS = ["communication", "collaboration", "partnership_management", "instructional_support"]


class MentoringSeed:
    """Records are kept in three levels, each referring only to the levels before it (the
    tables declare no relationships for the session to order inserts by)."""

    def __init__(self, session: AsyncSession, rng: random.Random, today: dt.date) -> None:
        self.session, self.rng, self.today = session, rng, today
        self.levels: list[list[Any]] = [[], [], []]

    def ago(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, high))

    def score(self, lift: float = 0.0) -> int:
        return max(1, min(5, round(self.rng.gauss(2.8 + lift, 0.9))))

    def participant(
        self, program: Program, person_id: uuid.UUID, role: str, school: School | None, **kw: Any
    ) -> Participant:
        made = Participant(
            id=new_id(),
            program_id=program.id,
            person_id=person_id,
            role=role,
            school_id=school.id if school else None,
            district_id=school.district_id if school else program.district_id,
            school_level=school.level if school else None,
            locale_type=school.locale_type if school else None,
            subjects=[],
            grade_levels=[],
            interests=[],
            **kw,
        )
        self.levels[0].append(made)
        return made

    def pair(self, mentor: Participant, mentee: Participant, cadence: int) -> None:
        started = mentee.enrolled_on + dt.timedelta(days=self.rng.randint(0, 14))
        ended = mentee.left_on
        if ended is None and self.rng.random() < 0.1:
            ended = min(self.today, started + dt.timedelta(days=self.rng.randint(120, 300)))
        match = Match(
            id=new_id(),
            program_id=mentee.program_id,
            mentor_id=mentor.id,
            mentee_id=mentee.id,
            status="active" if ended is None else self.rng.choice(["completed", "ended_early"]),
            started_on=started,
            ended_on=ended,
            focus_areas=[],
            goal_ids=[],
        )
        self.levels[1].append(match)
        self.meetings(match, cadence)

    def meetings(self, match: Match, cadence: int) -> None:
        assert match.started_on is not None
        held, last = match.started_on, min(match.ended_on or self.today, self.today)
        while True:
            # Most pairs keep to their cadence; now and then one lets it slip.
            slip = 2.0 if self.rng.random() < 0.03 else 1.0
            held += dt.timedelta(days=max(1, round(cadence * slip * self.rng.uniform(0.6, 1.0))))
            if held > last:
                break
            self.levels[2].append(
                CheckIn(
                    match_id=match.id,
                    program_id=match.program_id,
                    held_on=held,
                    channel=self.rng.choice(["in_person", "video", "phone"]),
                    minutes=self.rng.choice([30, 45, 60]),
                    goal_ids=[],
                )
            )

    def survey(
        self, name: str, program: Program | None, texts: Sequence[str], level: str
    ) -> tuple[Survey, list[SurveyItem]]:
        survey = Survey(id=new_id(), name=name, program_id=program.id if program else None)
        items = [
            SurveyItem(
                id=new_id(), survey_id=survey.id, position=position, text=text, outcome_level=level
            )
            for position, text in enumerate(texts, start=1)
        ]
        self.levels[0].append(survey)
        self.levels[1].extend(items)
        return survey, items

    def respond(
        self,
        survey: Survey,
        items: list[SurveyItem],
        who: Participant,
        on: dt.date,
        phase: str | None = None,
        lift: float = 0.0,
    ) -> None:
        response = SurveyResponse(
            id=new_id(),
            survey_id=survey.id,
            participant_id=who.id,
            program_id=who.program_id,
            phase=phase,
            responded_on=on,
        )
        self.levels[1].append(response)
        self.levels[2].extend(
            SurveyAnswer(response_id=response.id, item_id=item.id, score=self.score(lift))
            for item in items
        )

    def review(self, who: Participant, phase: str, on: dt.date, lift: float = 0.0) -> None:
        assert who.person_id is not None
        review = Review(
            id=new_id(),
            person_id=who.person_id,
            program_id=who.program_id,
            phase=phase,
            reviewed_on=on,
        )
        self.levels[1].append(review)
        self.levels[2].extend(
            ReviewScore(review_id=review.id, dimension=dimension, score=self.score(lift))
            for dimension in DIMENSIONS
        )
