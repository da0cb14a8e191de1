"""The directory's controlled vocabularies, as NCES and the domain write them."""

from enum import StrEnum


class SchoolLevel(StrEnum):
    prekindergarten = "prekindergarten"
    elementary = "elementary"
    middle = "middle"
    high = "high"
    other = "other"


class LocaleType(StrEnum):
    city = "city"
    suburb = "suburb"
    town = "town"
    rural = "rural"


class SchoolStatus(StrEnum):
    open = "open"
    closed = "closed"
    new = "new"
    future = "future"
    reopened = "reopened"
    inactive = "inactive"


class Grade(StrEnum):
    PK = "PK"
    KG = "KG"
    G01 = "01"
    G02 = "02"
    G03 = "03"
    G04 = "04"
    G05 = "05"
    G06 = "06"
    G07 = "07"
    G08 = "08"
    G09 = "09"
    G10 = "10"
    G11 = "11"
    G12 = "12"
    G13 = "13"
    UG = "UG"
    AE = "AE"


# Ungraded (UG) and adult education (AE) sit outside the PK..13 ladder.
GRADE_RANK: dict[str, int] = {"PK": -1, "KG": 0, **{f"{n:02d}": n for n in range(1, 14)}}

LOCALE_TYPES: dict[int, LocaleType] = {
    **dict.fromkeys((11, 12, 13), LocaleType.city),
    **dict.fromkeys((21, 22, 23), LocaleType.suburb),
    **dict.fromkeys((31, 32, 33), LocaleType.town),
    **dict.fromkeys((41, 42, 43), LocaleType.rural),
}


def grade_rank(grade: str | None) -> int | None:
    return GRADE_RANK.get(grade) if grade else None


def locale_type_for(code: int | None) -> LocaleType | None:
    return LOCALE_TYPES.get(code) if code is not None else None


class StaffRole(StrEnum):
    """What a person does at a school, district office or partner."""

    principal = "principal"
    assistant_principal = "assistant_principal"
    teacher = "teacher"
    interventionist = "interventionist"
    specialist = "specialist"
    therapist = "therapist"
    counselor = "counselor"
    partnerships_coordinator = "partnerships_coordinator"
    coach = "coach"
    director = "director"
    senior_director = "senior_director"
    executive_director = "executive_director"
    senior_associate = "senior_associate"
    associate = "associate"
    assistant = "assistant"
    superintendent = "superintendent"
    volunteer = "volunteer"
    other = "other"


KEY_CONTACT_ROLES = (StaffRole.principal, StaffRole.partnerships_coordinator)


class Subject(StrEnum):
    math = "math"
    science = "science"
    ela = "ela"
    social_studies = "social_studies"
    world_languages = "world_languages"
    physical_education = "physical_education"
    health = "health"
    arts = "arts"
    music = "music"
    sel = "sel"
    special_education = "special_education"
    english_learners = "english_learners"
    career_technical = "career_technical"
    computer_science = "computer_science"
    other = "other"


class Channel(StrEnum):
    email = "email"
    phone = "phone"
    text = "text"
    video = "video"
    in_person = "in_person"
    social = "social"


US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "AS",
        "GU",
        "MP",
        "PR",
        "VI",
        "BI",
    ]
)
