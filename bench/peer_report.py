"""Trellis over its peer: the same first page of filtered schools, served by the
same process in the same run, once by Trellis's read path ("first") and once as a
Python team would plainly write it ("peer", see `bench.peer`)."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from bench.peer import PREFIX

GOAL = 2.0  # Trellis should serve at least twice the peer's requests per second
LABELS = {
    "first": "GET /schools?state&level, 1st page",
    "peer": "  peer: ORM + response_model, same",
}

Get = Callable[[str], tuple[int, Any, Any]]


def peer_targets(get: Get, filters: list[tuple[str, str]], page_size: int) -> dict[str, list[str]]:
    """The first page of each filter on both sides, checked to be the same schools."""
    first, peer = [], []
    for state, level in filters:
        query = urlencode({"state": state, "level": level, "limit": page_size})
        ours, theirs = f"/api/v1/schools?{query}", f"{PREFIX}/schools?{query}"
        (status, _, expected), (peer_status, _, answered) = get(ours), get(theirs)
        if status != 200 or peer_status != 200:
            raise RuntimeError(f"GET {theirs} answered {peer_status}: {str(answered)[:300]}")
        if [i["id"] for i in answered["items"]] != [i["id"] for i in expected["items"]]:
            raise RuntimeError(f"GET {theirs} and GET {ours} disagree on the schools")
        first.append(ours)
        peer.append(theirs)
    return {"first": first, "peer": peer}


def comparison(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per backend and connections: req/s and server CPU per request, Trellis over peer."""
    by_key = {(r["backend"], r["endpoint"], r["connections"]): r for r in runs}
    compared = []
    for (backend, endpoint, connections), ours in by_key.items():
        theirs = by_key.get((backend, "peer", connections))
        if endpoint != "first" or theirs is None or not theirs["rps"]:
            continue
        cpu = ours["server_cpu_us"]
        compared.append(
            {
                "backend": backend,
                "connections": connections,
                "rps_ratio": round(ours["rps"] / theirs["rps"], 2),
                "cpu_ratio": round(theirs["server_cpu_us"] / cpu, 2) if cpu else None,
                "goal": GOAL,
            }
        )
    return compared


def report_lines(compared: list[dict[str, Any]]) -> list[str]:
    if not compared:
        return []
    lines = [f"Trellis over peer (same first page, same process; goal >= {GOAL:.0f}x, a report):"]
    for c in compared:
        cpu = "-" if c["cpu_ratio"] is None else f"{c['cpu_ratio']:.2f}x"
        verdict = "meets goal" if c["rps_ratio"] >= GOAL else "below goal"
        lines.append(
            f"  {c['backend']:<11} {c['connections']:>3} conn: req/s {c['rps_ratio']:.2f}x, "
            f"CPU per request {cpu} lower (goal >= {GOAL:.0f}x: {verdict})"
        )
    return lines
