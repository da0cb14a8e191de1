"""The impact metrics in the scope matrix: a programme on each side with a pair and an answer.

The metrics take programme ids as filters, so a programme out of reach is not refused:
it adds nothing, and no record of it (a survey, an item) shows in the answer.
"""

import datetime as dt
from typing import Any

from api.core.records import new_id
from api.mentoring.models import (
    AnswerTotal,
    Match,
    Participant,
    Program,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
)
from tests.auth.scope_expect import Ops, lists
from tests.auth.scope_world import Side, World
from tests.directory.factories import new_person

ON = dt.date.today() - dt.timedelta(days=30)


def _participant(side: Side, program: Program, person_id: Any, role: str) -> Participant:
    return Participant(
        id=new_id(),
        program_id=program.id,
        person_id=person_id,
        role=role,
        school_id=side.school.id,
        district_id=side.district.id,
        staff_role="principal",
        subjects=[],
        grade_levels=[],
        interests=[],
        enrolled_on=ON,
    )


def impact_records(side: Side) -> tuple[dict[str, Any], list[list[Any]]]:
    program = Program(
        id=new_id(),
        name="Impact coaching",
        kind="coaching",
        start_date=ON,
        district_id=side.district.id,
        status="active",
    )
    # People of their own: the side's people stay free to be deleted by the matrix.
    mentor_person, mentee_person = new_person(), new_person()
    mentor = _participant(side, program, mentor_person.id, "mentor")
    mentee = _participant(side, program, mentee_person.id, "mentee")
    survey = Survey(id=new_id(), name="Impact pulse", program_id=program.id)
    match = Match(
        id=new_id(),
        program_id=program.id,
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        status="active",
        started_on=ON,
        focus_areas=[],
        goal_ids=[],
    )
    item = SurveyItem(
        id=new_id(), survey_id=survey.id, position=1, text="Useful?", outcome_level="satisfaction"
    )
    response = SurveyResponse(
        id=new_id(),
        survey_id=survey.id,
        participant_id=mentee.id,
        program_id=program.id,
        responded_on=ON,
    )
    answer = SurveyAnswer(response_id=response.id, item_id=item.id, score=4)
    # What the responses service keeps of the answer for the metrics.
    total = AnswerTotal(
        participant_id=mentee.id, item_id=item.id, answers=1, total=4, first_on=ON, last_on=ON
    )
    records = {"impact_program": program, "impact_survey": survey, "impact_item": item}
    return records, [
        [program, mentor_person, mentee_person],
        [mentor, mentee, survey],
        [match, item, response],
        [answer, total],
    ]


def _metrics(w: World, inside: bool) -> tuple[str, str, Any]:
    return ("GET", f"/metrics/mentoring?program_id={w.pick('impact_program', inside).id}", None)


IMPACT: Ops = {"getMentoringImpact": (_metrics, lists())}
