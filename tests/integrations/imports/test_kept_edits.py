"""A re-import keeps the fields edited in Trellis since an import last wrote them, and
updates the rest, unless told to overwrite."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.events import Event
from api.directory.models import Person
from tests.directory.oneroster_zips import ORGS, ROLES, USERS, district_zip, manifest, zipped
from tests.integrations.imports.jobs import post_job


def restamped(stamp: str, **renamed: str) -> bytes:
    """The district zip with its users stamped `stamp` and given names changed."""
    users = USERS.replace("2026-01-05", stamp)
    for old, new in renamed.items():
        users = users.replace(f",{old},", f",{new},")
    files = {"manifest.csv": manifest(), "orgs.csv": ORGS, "users.csv": users, "roles.csv": ROLES}
    return zipped(files)


async def edit_person(
    client: httpx.AsyncClient, sis_id: str, session: AsyncSession, **fields: str
) -> Person:
    person = await session.scalar(select(Person).where(Person.sis_id == sis_id))
    assert person is not None
    read = await client.get(f"/api/v1/people/{person.id}")
    edited = await client.patch(
        f"/api/v1/people/{person.id}", json=fields, headers={"If-Match": read.headers["etag"]}
    )
    assert edited.status_code == 200, edited.text
    return person


async def stored(session: AsyncSession) -> dict[str | None, tuple[str, str | None]]:
    people = await session.scalars(select(Person).execution_options(populate_existing=True))
    return {p.sis_id: (p.given_name, p.phone) for p in people}


async def test_only_the_edited_field_is_kept_and_the_others_are_updated(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await post_job(client, "oneroster", district_zip(), state="CA")
    ada = await edit_person(client, "t-1", session, phone="555-9999")

    body = (await post_job(client, "oneroster", restamped("2026-02-01", Ada="Adah"))).json()

    assert body["status"] == "succeeded", body
    assert body["counts"]["kept_edited"] == 1
    [kept] = [e for e in body["diff"] if e["action"] == "kept_edited"]
    assert (kept["id"], kept["fields"], kept["keys"]["sis_id"]) == (str(ada.id), ["phone"], "t-1")
    [updated] = [e for e in body["diff"] if e["action"] == "update" and e["id"] == str(ada.id)]
    assert "given_name" in updated["fields"]
    assert "phone" not in updated["fields"]
    assert (await stored(session))["t-1"] == ("Adah", "555-9999")
    # The import's event names what it changed, not the field it left alone.
    events = await session.scalars(
        select(Event).where(Event.resource_id == ada.id).order_by(Event.seq)
    )
    last = events.all()[-1]
    assert last.actor.startswith("import:oneroster")
    assert "given_name" in (last.changes or {})
    assert "phone" not in (last.changes or {})


async def test_a_kept_field_stays_kept_through_later_imports_until_overwritten(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await post_job(client, "oneroster", district_zip(), state="CA")
    await edit_person(client, "t-1", session, phone="555-9999")
    await post_job(client, "oneroster", restamped("2026-02-01", Ada="Adah"))

    again = (await post_job(client, "oneroster", restamped("2026-03-01", Ada="Ada"))).json()

    assert again["counts"]["kept_edited"] == 1, again
    assert (await stored(session))["t-1"] == ("Ada", "555-9999")
    overwritten = await post_job(
        client, "oneroster", restamped("2026-04-01", Ada="Adah"), overwrite_edited=True
    )
    assert overwritten.json()["counts"]["kept_edited"] == 0
    assert (await stored(session))["t-1"] == ("Adah", "555-0101")
    # Overwritten by an import, the field is the file's again: the next import updates it.
    later = (await post_job(client, "oneroster", restamped("2026-05-01", Ada="Ava"))).json()
    assert later["counts"]["kept_edited"] == 0
    assert (await stored(session))["t-1"] == ("Ava", "555-0101")
