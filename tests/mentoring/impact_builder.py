"""The kit the impact worlds are built with: the world's records and a builder that adds to them."""

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from api.core.records import new_id
from api.directory.models import District, Person, RoleAssignment, School
from api.mentoring.models import (
    CheckIn,
    Match,
    Participant,
    Program,
    ProgramSchool,
    Review,
    ReviewScore,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
)
from tests.directory.factories import new_assignment

TODAY = dt.date.today()
PERIOD_DAYS = 300


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@dataclass
class ImpactWorld:
    district: District
    other_district: District
    schools: list[School]
    mentoring: Program
    coaching: Program
    tier: ProgramSchool
    people: list[Person]
    participants: list[Participant] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)
    surveys: list[Survey] = field(default_factory=list)
    items: list[SurveyItem] = field(default_factory=list)
    responses: list[SurveyResponse] = field(default_factory=list)
    answers: list[SurveyAnswer] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    scores: list[ReviewScore] = field(default_factory=list)
    assignments: list[RoleAssignment] = field(default_factory=list)
    # Named people, by what makes them a case.
    came_back: Person | None = None
    mentee_and_coach: Person | None = None
    left_before: Person | None = None

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return ago(PERIOD_DAYS), TODAY


class Builder:
    def __init__(self, world: ImpactWorld, seed: int) -> None:
        self.world = world
        self.rng = random.Random(seed)

    def participant(
        self, program: Program, person: Person, role: str, school: School | None, **kw: Any
    ) -> Participant:
        made = Participant(
            id=new_id(),
            program_id=program.id,
            person_id=person.id,
            role=role,
            school_id=school.id if school else None,
            district_id=school.district_id if school else self.world.district.id,
            school_level=school.level if school else None,
            locale_type=school.locale_type if school else None,
            subjects=[],
            grade_levels=[],
            interests=[],
            **kw,
        )
        self.world.participants.append(made)
        return made

    def match(self, mentor: Participant, mentee: Participant, **kw: Any) -> Match:
        made = Match(
            id=new_id(),
            program_id=mentee.program_id,
            mentor_id=mentor.id,
            mentee_id=mentee.id,
            focus_areas=[],
            goal_ids=[],
            **kw,
        )
        self.world.matches.append(made)
        if made.started_on is not None:
            self.meetings(made)
        return made

    def meetings(self, match: Match) -> None:
        assert match.started_on is not None
        held, last = (
            match.started_on + dt.timedelta(days=self.rng.randint(0, 10)),
            min(match.ended_on or TODAY, TODAY),
        )
        while held <= last:
            self.world.check_ins.append(
                CheckIn(
                    id=new_id(),
                    match_id=match.id,
                    program_id=match.program_id,
                    held_on=held,
                    goal_ids=[],
                )
            )
            # Most pairs meet every 1-2 weeks; some let a month go by.
            held += dt.timedelta(days=self.rng.choice([6, 9, 12, 13, 14, 16, 21, 35]))

    def survey(self, name: str, program: Program | None, levels: list[str]) -> Survey:
        made = Survey(id=new_id(), name=name, program_id=program.id if program else None)
        self.world.surveys.append(made)
        for position, level in enumerate(levels, start=1):
            self.world.items.append(
                SurveyItem(
                    id=new_id(),
                    survey_id=made.id,
                    position=position,
                    text=f"{name} item {position}",
                    outcome_level=level,
                )
            )
        return made

    def respond(
        self,
        survey: Survey,
        participant: Participant,
        on: dt.date,
        phase: str | None = None,
        lift: int = 0,
    ) -> None:
        response = SurveyResponse(
            id=new_id(),
            survey_id=survey.id,
            participant_id=participant.id,
            program_id=participant.program_id,
            phase=phase,
            responded_on=on,
        )
        self.world.responses.append(response)
        for item in self.world.items:
            if item.survey_id == survey.id:
                score = min(5, max(1, self.rng.randint(1, 4) + lift))
                self.world.answers.append(
                    SurveyAnswer(response_id=response.id, item_id=item.id, score=score)
                )

    def review(
        self,
        participant: Participant,
        phase: str,
        on: dt.date,
        dimensions: list[str],
        lift: int = 0,
        in_program: bool = True,
    ) -> None:
        assert participant.person_id is not None
        made = Review(
            id=new_id(),
            person_id=participant.person_id,
            program_id=participant.program_id if in_program else None,
            phase=phase,
            reviewed_on=on,
        )
        self.world.reviews.append(made)
        for dimension in dimensions:
            score = min(5, max(1, self.rng.randint(1, 4) + lift))
            self.world.scores.append(
                ReviewScore(review_id=made.id, dimension=dimension, score=score)
            )

    def assignment(self, person: Person, school: School, role: str, **kw: Any) -> None:
        self.world.assignments.append(new_assignment(person, school=school, role=role, **kw))
