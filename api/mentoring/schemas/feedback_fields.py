"""Field types shared by surveys, survey responses and reviews."""

from typing import Annotated

from pydantic import Field, StringConstraints

from api.mentoring.vocabulary import SCORE_MAX, SCORE_MIN

Score = Annotated[int, Field(ge=SCORE_MIN, le=SCORE_MAX, description="On the 1-5 scale.")]
FreeText = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
ItemText = Annotated[str, StringConstraints(min_length=1, max_length=500)]
