"""NCES codes and the rules that turn one CCD cell into a directory value.

Every function takes the raw cell text and returns the normalised value, or
None for NCES's "missing" / "not applicable" placeholders. A value outside a
code list is also None: the row is still worth importing, and one real file
(the Texas CCD LEA file) has an Excel-damaged `ULOCAL` of `00:00:00` in every
row. Only identifiers and status, which have no safe default, raise.
"""

from collections.abc import Mapping

from api.directory.vocabulary import (
    GRADE_RANK,
    LOCALE_TYPES,
    US_STATES,
    Grade,
    SchoolLevel,
    SchoolStatus,
    grade_rank,
)

# School Search writes a dagger for "not applicable", an en dash for "missing"
# and a double dagger for "did not meet reporting standards"; classic CCD
# character fields write N and M.
PLACEHOLDERS = frozenset({"", "\u2020", "\u2021", "\u2013", "\u2014", "-", "N", "M"})

# The first two digits of every NCES id are the ANSI/FIPS code of the state that
# reports the school, which is the state it belongs to even when its mailing
# address is elsewhere (a Florida virtual school with a Chicago address).
STATE_BY_FIPS = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
    "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL",
    "18": "IN", "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD",
    "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE",
    "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND",
    "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA", "54": "WV",
    "55": "WI", "56": "WY", "59": "BI", "60": "AS", "66": "GU", "69": "MP", "72": "PR",
    "78": "VI",
}  # fmt: skip

SEARCH_STATUSES = {
    "open": SchoolStatus.open,
    "new": SchoolStatus.new,
    "reopened": SchoolStatus.reopened,
    "added": SchoolStatus.open,
    "changed agency": SchoolStatus.open,
    "future": SchoolStatus.future,
    "closed": SchoolStatus.closed,
    "inactive": SchoolStatus.inactive,
}

# Classic CCD STATUS, as its record layout defines the codes.
CCD_STATUSES = {
    "1": SchoolStatus.open,  # operational, as last year
    "2": SchoolStatus.closed,
    "3": SchoolStatus.new,
    "4": SchoolStatus.open,  # existed, newly added to the survey
    "5": SchoolStatus.open,  # moved to another agency
    "6": SchoolStatus.inactive,  # temporarily closed, may reopen within 3 years
    "7": SchoolStatus.future,  # operational within 2 years
    "8": SchoolStatus.reopened,
}

SEARCH_CHARTER = {"yes": True, "no": False}
CCD_CHARTER = {"1": True, "2": False}

# Classic CCD LEA TYPE codes, spelled as the School Search export spells them so
# one district reads the same whichever file it came from.
CCD_AGENCY_TYPES = {
    "1": "Regular Local",
    "2": "Component",
    "3": "Supervisory Union",
    "4": "Regional (RESA)",
    "5": "State",
    "6": "Federal",
    "7": "Charter",
    "8": "Other",
    "9": "Specialized",
}

GRADES = frozenset(grade.value for grade in Grade)

SCHOOL_ID_DIGITS = 12
LEA_ID_DIGITS = 7


class InvalidValue(ValueError):
    """A cell that the row cannot do without holds something unusable."""


def text(cell: str) -> str | None:
    value = cell.strip()
    return None if value in PLACEHOLDERS else value


def nces_id(cell: str, digits: int, label: str) -> str:
    """An NCES id as a string of exactly `digits` digits.

    One missing leading zero is put back: FIPS codes 01-09 lose exactly one when
    a spreadsheet has treated the id as a number, and no other reading of an id
    one digit short exists.
    """
    value = _unguard(cell)
    if value.isdigit() and len(value) == digits - 1:
        value = "0" + value
    if not (value.isdigit() and len(value) == digits):
        shown = value or "(empty)"
        raise InvalidValue(f"{label} {shown!r} is not a {digits}-digit NCES id")
    return value


def state_for(leaid: str, cell: str) -> str:
    """The state a record belongs to: the FIPS prefix of its LEA id, else the cell."""
    state = STATE_BY_FIPS.get(leaid[:2]) or cell.strip().upper()
    if state not in US_STATES:
        raise InvalidValue(f"no state: LEA id prefix {leaid[:2]!r} and State {cell!r} are unknown")
    return state


def grade(cell: str) -> str | None:
    value = cell.strip().upper()
    if value.isdigit() and 1 <= int(value) <= 13:
        return f"{int(value):02d}"
    return value if value in GRADES else None


def school_level(low: str | None, high: str | None) -> SchoolLevel:
    """NCES's school level (CCD SCHOOL_LEVEL) from the grade span.

    - prekindergarten: PK only (the modern CCD split it out of "primary");
    - elementary ("primary"): low PK-03 and high up to 08;
    - middle: low 04-07 and high 04-09;
    - high: low 07-12 and high 12 (or 13, the grade NCES added later);
    - other: any other span, and ungraded (UG), adult (AE) or unknown grades.
    The checks run in that order, so 07-08 is middle and 07-12 is high.
    """
    lo, hi = grade_rank(low), grade_rank(high)
    if lo is None or hi is None or lo > hi:
        return SchoolLevel.other
    if hi == GRADE_RANK["PK"]:
        return SchoolLevel.prekindergarten
    if lo <= 3 and hi <= 8:
        return SchoolLevel.elementary
    if 4 <= lo <= 7 and hi <= 9:
        return SchoolLevel.middle
    if lo >= 7 and hi >= 12:
        return SchoolLevel.high
    return SchoolLevel.other


def locale_code(cell: str) -> int | None:
    number = count(cell)
    return number if number in LOCALE_TYPES else None


def count(cell: str) -> int | None:
    """A whole non-negative number; NCES writes them as `334.00000`."""
    whole, _, fraction = cell.strip().partition(".")
    if not whole.isdigit() or fraction.strip("0"):
        return None  # also classic CCD's -1 / -2 / -9 for missing / n.a. / bad data
    return int(whole)


def zip_code(cell: str) -> str | None:
    digits = cell.strip().replace("-", "")
    if not digits.isdigit():
        return None
    if len(digits) == 4:
        return "0" + digits  # a spreadsheet's lost leading zero (New England)
    return digits[:5] if len(digits) in (5, 9) else None


def flag(cell: str, codes: Mapping[str, bool]) -> bool | None:
    return codes.get(cell.strip().casefold())


def status(cell: str, codes: Mapping[str, SchoolStatus]) -> SchoolStatus:
    value = cell.strip()
    found = codes.get(value.casefold())
    if found is None:
        shown = value or "(empty)"
        raise InvalidValue(f"unknown status {shown!r} (expected one of {', '.join(codes)})")
    return found


def _unguard(cell: str) -> str:
    """Undo the spreadsheet guards around ids: `="0601620"` and `'0601620`."""
    value = cell.strip()
    if value.startswith('="') and value.endswith('"'):
        value = value[2:-1]
    return value.removeprefix("'").strip()
