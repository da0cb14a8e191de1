"""Surveys, survey responses and reviews in the scope matrix.

Each side gets a programme run in its district with its principal as a participant at
its school, an answered survey and a spare one, a response, and a review of the
principal in the programme.
"""

from typing import Any

from tests.auth.scope_expect import ADMIN, CO, DM, PA, VI, Expect, Ops, lists, reads, staff_writes
from tests.auth.scope_world import Side, World
from tests.directory.factories import new_person
from tests.mentoring.feedback_factories import (
    new_participant,
    new_program,
    new_response,
    new_review,
    new_survey,
)

SURVEYS = "/mentoring/surveys"
RESPONSES = "/mentoring/survey-responses"
REVIEWS = "/mentoring/reviews"


def feedback_records(side: Side) -> tuple[dict[str, Any], list[list[Any]]]:
    program = new_program(side.district)
    # A person of its own: the side's principal stays free to be deleted by the matrix.
    person = new_person()
    participant = new_participant(program, person, school=side.school)
    survey, items = new_survey(program)
    spare, spare_items = new_survey(program)
    response, answers = new_response(survey, items, participant)
    review, scores = new_review(person, program)
    records = {
        "feedback_program": program,
        "feedback_person": person,
        "feedback_participant": participant,
        "feedback_survey": survey,
        "feedback_item": items[0],
        "feedback_spare_survey": spare,
        "feedback_response": response,
        "feedback_review": review,
    }
    levels = [
        [program, person],
        [participant, survey, spare, review],
        [*items, *spare_items, *scores, response],
        answers,
    ]
    return records, levels


def creates(ok: int) -> Expect:
    """Made by the programme's staff; a programme out of reach is a 422 naming it."""
    return {
        ADMIN: (ok, ok),
        DM: (ok, 422),
        CO: (ok, 422),
        PA: (422, 422),
        VI: (403, 403),
    }


def _url(base: str, name: str) -> Any:
    return lambda w, i: f"{base}/{w.pick(name, i).id}"


def _survey_body(w: World, i: bool) -> dict[str, Any]:
    return {
        "name": "Exit survey",
        "program_id": str(w.pick("feedback_program", i).id),
        "items": [{"text": "Worth it", "outcome_level": "satisfaction"}],
    }


def _response_body(w: World, i: bool) -> dict[str, Any]:
    return {
        "survey_id": str(w.pick("feedback_survey", i).id),
        "participant_id": str(w.pick("feedback_participant", i).id),
        "responded_on": "2026-03-01",
        "answers": [{"item_id": str(w.pick("feedback_item", i).id), "score": 4}],
    }


def _review_body(w: World, i: bool) -> dict[str, Any]:
    return {
        "person_id": str(w.pick("feedback_person", i).id),
        "program_id": str(w.pick("feedback_program", i).id),
        "phase": "post",
        "reviewed_on": "2026-03-01",
        "scores": {"leadership": 4},
    }


survey, spare = _url(SURVEYS, "feedback_survey"), _url(SURVEYS, "feedback_spare_survey")
response, review = _url(RESPONSES, "feedback_response"), _url(REVIEWS, "feedback_review")

MENTOR_FEEDBACK: Ops = {
    "listSurveys": (lambda w, i: ("GET", SURVEYS, None), lists()),
    "createSurvey": (lambda w, i: ("POST", SURVEYS, _survey_body(w, i)), creates(201)),
    "getSurvey": (lambda w, i: ("GET", survey(w, i), None), reads()),
    "updateSurvey": (lambda w, i: ("PATCH", survey(w, i), {"name": "Renamed"}), staff_writes(200)),
    "deleteSurvey": (lambda w, i: ("DELETE", spare(w, i), None), staff_writes(204)),
    "listSurveyResponses": (lambda w, i: ("GET", RESPONSES, None), lists()),
    "createSurveyResponse": (
        lambda w, i: ("POST", RESPONSES, _response_body(w, i)),
        creates(201),
    ),
    "getSurveyResponse": (lambda w, i: ("GET", response(w, i), None), reads()),
    "updateSurveyResponse": (
        lambda w, i: ("PATCH", response(w, i), {"comment": "Better now"}),
        staff_writes(200),
    ),
    "deleteSurveyResponse": (lambda w, i: ("DELETE", response(w, i), None), staff_writes(204)),
    "listReviews": (lambda w, i: ("GET", REVIEWS, None), lists()),
    "createReview": (lambda w, i: ("POST", REVIEWS, _review_body(w, i)), creates(201)),
    "getReview": (lambda w, i: ("GET", review(w, i), None), reads()),
    "updateReview": (lambda w, i: ("PATCH", review(w, i), {"phase": "annual"}), staff_writes(200)),
    "deleteReview": (lambda w, i: ("DELETE", review(w, i), None), staff_writes(204)),
}
