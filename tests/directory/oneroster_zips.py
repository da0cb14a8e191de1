"""OneRoster zips for the tests: the shared samples zipped as they are, and a generated
district whose every field Trellis keeps is filled."""

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

SAMPLES = "oneroster"
MANIFEST_12 = """propertyName,value
manifest.version,1.0
oneroster.version,1.2
file.orgs,{orgs}
file.users,{users}
file.roles,{roles}
file.classes,absent
"""


def zipped(files: Mapping[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def sample(shared_data: Path, folder: str) -> bytes:
    """A sample folder of ../shared/data/oneroster, zipped in memory."""
    root = shared_data / SAMPLES / folder
    return zipped({path.name: path.read_bytes() for path in sorted(root.glob("*.csv"))})


def manifest(mode: str = "bulk", roles: str | None = None) -> str:
    return MANIFEST_12.format(orgs=mode, users=mode, roles=roles or mode)


ORGS = """sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId,metadata.note
dst-1,active,2026-01-05T10:00:00.000Z,Riverbend Unified,district,0612345,,ignored
sch-1,active,2026-01-05T10:00:00.000Z,Riverbend High,school,061234500001,dst-1,
sch-2,active,2026-01-05T10:00:00.000Z,Oak Elementary,school,RB-OAK,dst-1,
dep-1,active,2026-01-05T10:00:00.000Z,Science Department,department,,sch-1,
"""
USERS_HEADER = (
    "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,"
    "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
)
USERS = USERS_HEADER + (
    "t-1,active,2026-01-05T10:00:00.000Z,true,ada,,Ada,Lovelace,,,ada@rb.example.org,,555-0101,,,\n"
    "p-1,active,2026-01-05T10:00:00.000Z,true,grace,,Grace,Hopper,,,grace@rb.example.org,,,,,\n"
    "a-1,active,2026-01-05T10:00:00.000Z,false,alan,,Alan,Turing,,,,,555-0103,,,\n"
    "d-1,active,2026-01-05T10:00:00.000Z,true,edsger,,Edsger,Dijkstra,,,ed@rb.example.org,,,,,\n"
    "s-1,active,2026-01-05T10:00:00.000Z,true,kid,,Kid,Student,,,,,,,05,secret\n"
    "g-1,active,2026-01-05T10:00:00.000Z,true,mum,,Mum,Student,,,,,,s-1,,\n"
)
ROLES_HEADER = (
    "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,"
    "orgSourcedId,userProfileSourcedId\n"
)
ROLES = ROLES_HEADER + (
    "r-1,active,2026-01-05T10:00:00.000Z,t-1,primary,teacher,2025-08-01,,sch-1,\n"
    "r-2,active,2026-01-05T10:00:00.000Z,t-1,secondary,teacher,2025-08-01,2026-06-30,sch-2,\n"
    "r-3,active,2026-01-05T10:00:00.000Z,p-1,primary,principal,,,sch-2,\n"
    "r-4,active,2026-01-05T10:00:00.000Z,a-1,primary,aide,,,dep-1,\n"
    "r-5,active,2026-01-05T10:00:00.000Z,d-1,primary,districtAdministrator,,,dst-1,\n"
    "r-6,active,2026-01-05T10:00:00.000Z,d-1,secondary,ext:coach,,,sch-1,\n"
    "r-7,active,2026-01-05T10:00:00.000Z,s-1,primary,student,,,sch-1,\n"
    "r-8,active,2026-01-05T10:00:00.000Z,g-1,primary,guardian,,,sch-1,\n"
)


def district_zip() -> bytes:
    return zipped(
        {"manifest.csv": manifest(), "orgs.csv": ORGS, "users.csv": USERS, "roles.csv": ROLES}
    )


def reduced_zip(keep_schools: set[str], keep_users: set[str], stamp: str = "") -> bytes:
    """The district zip with only some schools and users, optionally re-stamped."""
    orgs = [ORGS.splitlines()[0]] + [
        line
        for line in ORGS.splitlines()[1:]
        if line.split(",")[4] != "school" or line.split(",")[0] in keep_schools
    ]
    users = [USERS.splitlines()[0]] + [
        line for line in USERS.splitlines()[1:] if line.split(",")[0] in keep_users
    ]
    roles = [ROLES.splitlines()[0]] + [
        line
        for line in ROLES.splitlines()[1:]
        if line.split(",")[3] in keep_users
        and line.split(",")[8] in keep_schools | {"dst-1", "dep-1"}
    ]
    text = {"orgs.csv": orgs, "users.csv": users, "roles.csv": roles}
    files = {name: "\n".join(lines) + "\n" for name, lines in text.items()}
    if stamp:
        files = {name: body.replace("2026-01-05", stamp) for name, body in files.items()}
    return zipped({"manifest.csv": manifest()} | files)
