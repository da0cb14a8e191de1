"""`make bench`'s closing table: each benchmark appends one line per budget to one file
while it runs, and `python -m bench.summary` prints them all together at the end."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERDICTS = ROOT / "bench" / "results" / "verdicts.jsonl"


@dataclass(frozen=True)
class Verdict:
    area: str
    budget: str  # what is promised, e.g. "GET /metrics/mentoring p95 <= 300 ms"
    value: float | None
    unit: str
    ok: bool
    ceiling_ratio: float | None = None  # requests/s over GET /healthz's, same run and connections
    peer_ratio: float | None = None  # over the naive peer's, same run
    rss_mb: float | None = None  # the API process's peak resident memory while measured


def record(verdict: Verdict) -> None:
    VERDICTS.parent.mkdir(parents=True, exist_ok=True)
    with VERDICTS.open("a") as out:
        out.write(json.dumps(asdict(verdict)) + "\n")


def read() -> list[Verdict]:
    if not VERDICTS.exists():
        return []
    return [Verdict(**json.loads(line)) for line in VERDICTS.read_text().splitlines() if line]


def reset() -> None:
    VERDICTS.unlink(missing_ok=True)


def conclude(missed: list[str], passed: str) -> int:
    """Prints each budget missed after FAIL, or `passed` after PASS when none was;
    returns the exit status."""
    for line in missed:
        print(f"FAIL {line}")
    if not missed:
        print(f"PASS {passed}")
    return 1 if missed else 0


def conclude_area(area: str, ok: bool) -> int:
    """Prints the area's PASS or FAIL; returns the exit status."""
    print(f"{area}: PASS" if ok else f"{area}: FAIL")
    return 0 if ok else 1
