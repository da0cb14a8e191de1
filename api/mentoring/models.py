import datetime as dt
import uuid

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, JSONDocument
from api.core.records import RecordMixin, new_id

SCORE_IN_SCALE = "score BETWEEN 1 AND 5"


class Program(RecordMixin, Base):
    __tablename__ = "mentoring_programs"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_in_order"),
        Index("ix_mentoring_programs_name", "name", "id"),
    )

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    objectives: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="SET NULL")
    )
    # The district that runs it; NULL for a programme run across districts.
    district_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("districts.id", ondelete="RESTRICT"), index=True
    )
    cadence_days: Mapped[int] = mapped_column(SmallInteger, default=14)
    target_caseload: Mapped[int] = mapped_column(SmallInteger, default=5)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class ProgramSchool(RecordMixin, Base):
    """A school's support tier in a (coaching) programme, set by its need."""

    __tablename__ = "mentoring_program_schools"
    __table_args__ = (
        UniqueConstraint("program_id", "school_id", name="uq_mentoring_program_schools_pair"),
        Index("ix_mentoring_program_schools_school", "school_id", "program_id"),
    )

    program_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_programs.id", ondelete="CASCADE")
    )
    school_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("schools.id", ondelete="RESTRICT")
    )
    tier: Mapped[str] = mapped_column(String(20))
    # Why: persistently_low_performance, hardship, high_need_community, ...
    needs: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    # NULL: the tier's own cadence and weight.
    cadence_days: Mapped[int | None] = mapped_column(SmallInteger)
    caseload_weight: Mapped[float | None] = mapped_column(Numeric(4, 2, asdecimal=False))


class Participant(RecordMixin, Base):
    __tablename__ = "mentoring_participants"
    __table_args__ = (
        UniqueConstraint("program_id", "person_id", "role", name="uq_mentoring_participants_role"),
        UniqueConstraint(
            "program_id", "role", "external_id", name="uq_mentoring_participants_external"
        ),
        Index("ix_mentoring_participants_program", "program_id", "role", "id"),
        Index("ix_mentoring_participants_person", "person_id"),
        Index("ix_mentoring_participants_school", "school_id"),
    )

    program_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_programs.id", ondelete="CASCADE")
    )
    # NULL for someone known only by another system's id (an imported match history).
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="RESTRICT")
    )
    role: Mapped[str] = mapped_column(String(10))
    # Where the participant works, for scope and the metrics' filters.
    school_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("schools.id", ondelete="SET NULL")
    )
    district_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("districts.id", ondelete="SET NULL"), index=True
    )
    # Their staff role (principal, coordinator, ...), for like-for-like comparisons.
    staff_role: Mapped[str | None] = mapped_column(String(40))
    supervisor_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="SET NULL")
    )
    subjects: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    grade_levels: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    school_level: Mapped[str | None] = mapped_column(String(20))
    locale_type: Mapped[str | None] = mapped_column(String(20))
    interests: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    years_experience: Mapped[int | None] = mapped_column(SmallInteger)
    # Mentors only: how many mentees they take.
    capacity: Mapped[int | None] = mapped_column(SmallInteger)
    enrolled_on: Mapped[dt.date] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    left_reason: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(64))


class Match(RecordMixin, Base):
    __tablename__ = "mentoring_matches"
    __table_args__ = (
        CheckConstraint("mentor_id <> mentee_id", name="two_people"),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates_in_order"),
        Index("ix_mentoring_matches_program", "program_id", "status", "id"),
        Index("ix_mentoring_matches_mentor", "mentor_id", "status"),
        Index("ix_mentoring_matches_mentee", "mentee_id"),
        # A mentee has one open match per programme.
        Index(
            "uq_mentoring_matches_open_mentee",
            "mentee_id",
            unique=True,
            postgresql_where=sql("status IN ('proposed', 'active')"),
            sqlite_where=sql("status IN ('proposed', 'active')"),
        ),
        # An imported match is keyed by the source system's id within its programme.
        UniqueConstraint("program_id", "external_id", name="uq_mentoring_matches_external"),
    )

    program_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_programs.id", ondelete="CASCADE")
    )
    mentor_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_participants.id", ondelete="RESTRICT")
    )
    mentee_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_participants.id", ondelete="RESTRICT")
    )
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)
    focus_areas: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    # The school goals the pair works on (ids of goals).
    goal_ids: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    # The suggestion's score when a suggestion was accepted.
    score: Mapped[float | None] = mapped_column(Numeric(6, 3, asdecimal=False))
    # Kept by the check-ins service in the writing transaction, for pair health and so
    # the impact metrics read a match's check-ins only when the period cuts through them.
    last_check_in_on: Mapped[dt.date | None] = mapped_column(Date)
    check_in_count: Mapped[int] = mapped_column(Integer, default=0)
    first_check_in_on: Mapped[dt.date | None] = mapped_column(Date)
    # Days between the two consecutive check-ins furthest apart; NULL below two.
    longest_check_in_gap: Mapped[int | None] = mapped_column(Integer)
    external_id: Mapped[str | None] = mapped_column(String(64))
    # What an imported record said, kept as it came (stage, programme name, ...).
    source_stage: Mapped[str | None] = mapped_column(String(60))
    source_program: Mapped[str | None] = mapped_column(String(120))
    # Months, as the source system counted them; NULL when derived from the dates.
    source_length_months: Mapped[float | None] = mapped_column(Numeric(6, 2, asdecimal=False))


class CheckIn(RecordMixin, Base):
    __tablename__ = "mentoring_check_ins"
    __table_args__ = (
        CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes_not_negative"),
        Index("ix_mentoring_check_ins_match", "match_id", "held_on", "id"),
        Index("ix_mentoring_check_ins_program", "program_id", "held_on"),
    )

    match_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_matches.id", ondelete="CASCADE")
    )
    # Denormalised from the match, so programme rollups skip a join.
    program_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_programs.id", ondelete="CASCADE")
    )
    held_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20), default="in_person")
    minutes: Mapped[int | None] = mapped_column(SmallInteger)
    focus: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    goal_ids: Mapped[list[str]] = mapped_column(JSONDocument, default=list)


class Survey(RecordMixin, Base):
    """An instrument: items scored 1-5, each tagged with the outcome level it measures."""

    __tablename__ = "mentoring_surveys"

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    # NULL: an instrument any programme may use.
    program_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("mentoring_programs.id", ondelete="CASCADE"), index=True
    )
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class SurveyItem(Base):
    __tablename__ = "mentoring_survey_items"
    __table_args__ = (
        UniqueConstraint("survey_id", "position", name="uq_mentoring_survey_items_position"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    survey_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_surveys.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(String(500))
    outcome_level: Mapped[str] = mapped_column(String(20))


class SurveyResponse(RecordMixin, Base):
    __tablename__ = "mentoring_survey_responses"
    __table_args__ = (
        # Whether a programme answered a survey in a period, read from the index alone.
        Index("ix_mentoring_survey_responses_survey", "survey_id", "program_id", "responded_on"),
        Index("ix_mentoring_survey_responses_participant", "participant_id", "phase"),
    )

    survey_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_surveys.id", ondelete="RESTRICT")
    )
    participant_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_participants.id", ondelete="CASCADE")
    )
    program_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_programs.id", ondelete="CASCADE")
    )
    # pre | post for a self-assessment; NULL for a one-off survey.
    phase: Mapped[str | None] = mapped_column(String(10))
    responded_on: Mapped[dt.date] = mapped_column(Date)
    comment: Mapped[str | None] = mapped_column(Text)
    # Sum and count of the answers to the survey's growth items, kept by the responses
    # service in the writing transaction (items no longer change once answered), so the
    # growth figures read one row per response rather than its answers.
    growth_total: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    growth_answers: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SurveyAnswer(Base):
    __tablename__ = "mentoring_survey_answers"
    __table_args__ = (
        CheckConstraint(SCORE_IN_SCALE, name="score_in_scale"),
        Index("ix_mentoring_survey_answers_item", "item_id"),
    )

    response_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_survey_responses.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_survey_items.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[int] = mapped_column(SmallInteger)


class Review(RecordMixin, Base):
    """A supervisor's rubric scores for a person."""

    __tablename__ = "mentoring_reviews"
    __table_args__ = (
        Index("ix_mentoring_reviews_person", "person_id", "phase", "reviewed_on"),
        Index("ix_mentoring_reviews_program", "program_id", "phase"),
        # The performance metrics pair a participation with the reviews of its person in
        # its programme.
        Index("ix_mentoring_reviews_person_program", "person_id", "program_id"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id", ondelete="RESTRICT"))
    program_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("mentoring_programs.id", ondelete="CASCADE")
    )
    reviewer_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="SET NULL")
    )
    phase: Mapped[str] = mapped_column(String(10))
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class ReviewScore(Base):
    __tablename__ = "mentoring_review_scores"
    __table_args__ = (
        CheckConstraint(SCORE_IN_SCALE, name="score_in_scale"),
        # The performance figures read a review's scores from this index alone.
        Index("ix_mentoring_review_scores_review_score", "review_id", "dimension", "score"),
    )

    review_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_reviews.id", ondelete="CASCADE"), primary_key=True
    )
    dimension: Mapped[str] = mapped_column(String(40), primary_key=True)
    score: Mapped[int] = mapped_column(SmallInteger)


class AnswerTotal(Base):
    """A participant's answers to one survey item, summed: kept by the responses service
    in the writing transaction, so the satisfaction figures read one row per participant
    and item, and the answers themselves only for those the period cuts through."""

    __tablename__ = "mentoring_answer_totals"

    participant_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_participants.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_survey_items.id", ondelete="CASCADE"), primary_key=True
    )
    answers: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    # Indexed each, so the few rows a period cuts through are found without a scan.
    first_on: Mapped[dt.date] = mapped_column(Date, index=True)
    last_on: Mapped[dt.date] = mapped_column(Date, index=True)


class ScoreTotal(Base):
    """A person's rubric scores in a programme on one dimension, summed over their pre
    reviews and over their post reviews: kept by the reviews service in the writing
    transaction, so the performance figures read one row per person and dimension, and
    the reviews themselves only for those whose posts the period cuts through."""

    __tablename__ = "mentoring_score_totals"

    person_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    program_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_programs.id", ondelete="CASCADE"), primary_key=True
    )
    dimension: Mapped[str] = mapped_column(String(40), primary_key=True)
    pre_scores: Mapped[int] = mapped_column(Integer)
    pre_total: Mapped[int] = mapped_column(Integer)
    post_scores: Mapped[int] = mapped_column(Integer)
    post_total: Mapped[int] = mapped_column(Integer)
    # NULL without a post review; indexed as an answer total's dates are.
    post_first_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    post_last_on: Mapped[dt.date | None] = mapped_column(Date, index=True)


class GrowthTotal(Base):
    """A participant's answers to one survey's growth items, summed over their pre
    responses and over their post responses (from each response's own sums), kept with
    the answer totals, so the growth figures read one row per participant and survey."""

    __tablename__ = "mentoring_growth_totals"

    participant_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_participants.id", ondelete="CASCADE"), primary_key=True
    )
    survey_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("mentoring_surveys.id", ondelete="CASCADE"), primary_key=True
    )
    pre_answers: Mapped[int] = mapped_column(Integer)
    pre_total: Mapped[int] = mapped_column(Integer)
    post_answers: Mapped[int] = mapped_column(Integer)
    post_total: Mapped[int] = mapped_column(Integer)
    # NULL without a post response; indexed as an answer total's dates are.
    post_first_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    post_last_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
