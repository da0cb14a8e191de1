"""Role assignments a OneRoster file ends: left out of a bulk file, or `tobedeleted` in a
delta; both counted as deactivations by the shrink guard."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from tests.directory.oneroster_zips import ORGS, ROLES_HEADER, USERS, district_zip, manifest, zipped
from tests.integrations.imports.jobs import post_job, role_ends

STAMP = "2026-01-05T10:00:00.000Z"
MANIFEST_11 = "propertyName,value\noneroster.version,1.1\nfile.orgs,bulk\nfile.users,bulk\n"
ORGS_11 = f"""sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
dst-9,active,{STAMP},Hill District,district,0699999,
sch-a,active,{STAMP},Hill A,school,,dst-9
sch-b,active,{STAMP},Hill B,school,,dst-9
"""
USERS_11 = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,givenName,familyName\n"


def zip_11(ada_orgs: str) -> bytes:
    users = USERS_11 + (
        f'u-1,active,{STAMP},true,"{ada_orgs}",teacher,Ada,Lovelace\n'
        f"u-2,active,{STAMP},true,sch-a,teacher,Grace,Hopper\n"
        f"u-3,active,{STAMP},true,sch-b,principal,Alan,Turing\n"
    )
    return zipped({"manifest.csv": MANIFEST_11, "orgs.csv": ORGS_11, "users.csv": users})


async def test_a_bulk_1_1_file_ends_the_roles_at_orgs_a_user_no_longer_lists(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    first = (await post_job(client, "oneroster", zip_11("sch-a,sch-b"), state="CA")).json()
    assert first["status"] == "succeeded", first
    assert set(await role_ends(session)) == {"u-1@sch-a", "u-1@sch-b", "u-2@sch-a", "u-3@sch-b"}

    dry = (await post_job(client, "oneroster", zip_11("sch-a"), dry_run=True)).json()
    assert dry["counts"]["would_deactivate"] == 1, dry
    [ending] = [e for e in dry["diff"] if e["action"] == "would_deactivate"]
    assert (ending["resource"], ending["fields"]) == ("role_assignments", ["end_date"])
    assert (await role_ends(session))["u-1@sch-b"] is None

    done = (await post_job(client, "oneroster", zip_11("sch-a"))).json()
    assert done["counts"]["deactivated"] == 1, done
    assert await role_ends(session) == {
        "u-1@sch-a": None,
        "u-1@sch-b": utcnow().date(),
        "u-2@sch-a": None,
        "u-3@sch-b": None,
    }


async def test_a_delta_role_to_be_deleted_is_ended_and_guarded(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await post_job(client, "oneroster", district_zip(), state="CA")
    later = "2026-02-01T10:00:00.000Z"
    deleted = ROLES_HEADER + (
        f"r-5,tobedeleted,{later},d-1,primary,districtAdministrator,,,dst-1,\n"
        f"r-6,tobedeleted,{later},d-1,secondary,ext:coach,,,sch-1,\n"
        f"r-3,tobedeleted,{later},p-1,primary,principal,,,sch-2,\n"
    )
    delta = zipped(
        {
            "manifest.csv": manifest("delta"),
            "orgs.csv": ORGS.splitlines()[0] + "\n",
            "users.csv": USERS.splitlines()[0] + "\n",
            "roles.csv": deleted,
        }
    )
    # Three of the ten active records (two schools, three people, five current roles,
    # more while Ada's role at Oak runs): over a fifth.
    refused = (await post_job(client, "oneroster", delta)).json()
    assert refused["status"] == "refused", refused
    assert refused["counts"]["deactivated"] == 3
    assert (await role_ends(session))["r-5"] is None

    allowed = (await post_job(client, "oneroster", delta, allow_shrink=True)).json()
    assert allowed["status"] == "succeeded", allowed
    today = utcnow().date()
    now = await role_ends(session)
    assert (now["r-3"], now["r-5"], now["r-6"], now["r-1"]) == (today, today, today, None)
