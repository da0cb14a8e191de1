"""Mappings for public files people already have, chosen by name (`mapping=tx-principals`).

The Texas ones read the TEA AskTED staff exports: ids there are the bare TEA numbers,
which the directory keeps as NCES writes state ids (`TX-001902`, `TX-001902-001902001`).
The NYC one reads the DYCD after-school programmes file of NYC Open Data.
"""

from typing import Any

ASKTED_PERSON = {
    "given_name": "First Name",
    "family_name": "Last Name",
    "email": "Email Address",
    "phone": "Phone",
    "title": "Role",
    "role": "Role",
}

TX_PRINCIPALS: dict[str, Any] = {
    "columns": ASKTED_PERSON
    | {
        "school_state_id": "TX-{District Number}-{Organization Number}",
        "school_name": "Organization Name",
        "district_state_id": "TX-{District Number}",
        "district_name": "District Name",
    },
    "roles": {"PRINCIPAL": "principal", "ASSISTANT PRINCIPAL": "assistant_principal"},
    "state": "TX",
}

TX_SUPERINTENDENTS: dict[str, Any] = {
    "columns": ASKTED_PERSON
    | {"district_state_id": "TX-{Organization Number}", "district_name": "Organization Name"},
    "roles": {
        "SUPERINTENDENT": "superintendent",
        "INTERIM SUPERINTENDENT": "superintendent",
        "ACTING SUPERINTENDENT": "superintendent",
        "DIRECTOR": "director",
        "ADMINISTRATOR": "other",
    },
    "state": "TX",
}

PEOPLE: dict[str, dict[str, Any]] = {
    "tx-principals": TX_PRINCIPALS,
    "tx-superintendents": TX_SUPERINTENDENTS,
}

NYC_AFTER_SCHOOL: dict[str, Any] = {
    "columns": {
        "agency": "AGENCY",
        "phone": "Contact Number",
        "programme": "PROGRAM",
        "site": "SITE NAME",
        "city": "BOROUGH / COMMUNITY",
    },
    "kind": "nonprofit",
    "programmes": {
        "Out of School Time": "after_school",
        "Beacon": "after_school",
        "Beacon Satellite": "after_school",
        "Middle School Youth": "after_school",
        "High-School Aged Youth": "after_school",
        "Teen Action Program": "enrichment",
        "In-School Youth Employment (ISY)": "college_career",
        "Out-of-School Youth Employment (OSY)": "college_career",
        "Summer Youth Employment": "college_career",
        "Young Adult Internship Program": "college_career",
        "Adolescent Literacy": "tutoring",
        "Family Literacy": "family_engagement",
        "Healthy Families": "family_engagement",
        "Fatherhood Initiative": "family_engagement",
        "Health Stat Initiative": "health",
    },
    "default_category": "other",
    "state": "NY",
    # NCES writes a Manhattan school's city as New York; the other boroughs' as themselves.
    "city_aliases": {"Manhattan": ["New York"], "New York": ["New York"]},
}

PARTNERS: dict[str, dict[str, Any]] = {"nyc-after-school": NYC_AFTER_SCHOOL}
