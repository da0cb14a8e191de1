"""`python -m bench.summary`: every budget `make bench` checked, in one table, with the
same-run ratio to the framework ceiling and to the naive peer where measured, and the
API's peak resident memory under load (budget 250 MB per process).
`--reset` empties the record before a run."""

import argparse
import os
import sys

from bench.verdicts import Verdict, read, reset

RSS_BUDGET_MB = 250.0


def _cell(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(verdicts: list[Verdict]) -> str:
    lines = [
        f"{'area':<11} {'budget':<52} {'value':>10} {'unit':<6} {'x ceil':>6} "
        f"{'x peer':>6} {'RSS MB':>6}  verdict",
    ]
    for v in verdicts:
        lines.append(
            f"{v.area:<11} {v.budget:<52} {_cell(v.value, ',.1f'):>10} {v.unit:<6} "
            f"{_cell(v.ceiling_ratio, '.3f'):>6} {_cell(v.peer_ratio, '.2f'):>6} "
            f"{_cell(v.rss_mb, '.0f'):>6}  {'ok' if v.ok else 'FAIL'}"
        )
    peaks = [v.rss_mb for v in verdicts if v.rss_mb is not None]
    if peaks:
        peak = max(peaks)
        verdict = "ok" if peak <= RSS_BUDGET_MB else "FAIL"
        lines.append(
            f"\nAPI peak RSS under load: {peak:.0f} MB (budget {RSS_BUDGET_MB:.0f} MB) {verdict}"
        )
    failed = sum(not v.ok for v in verdicts)
    load = os.getloadavg()[0]
    lines.append(
        f"{len(verdicts)} budgets, {failed} missed; {os.cpu_count()} CPUs, 1-minute load "
        f"{load:.1f}" + (" (busy: figures are pessimistic)" if load > (os.cpu_count() or 1) else "")
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.summary", description=__doc__)
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args(argv)
    if args.reset:
        reset()
        return 0
    verdicts = read()
    print(table(verdicts) if verdicts else "no budgets were recorded")
    peaks = [v.rss_mb for v in verdicts if v.rss_mb is not None]
    return 1 if any(not v.ok for v in verdicts) or (peaks and max(peaks) > RSS_BUDGET_MB) else 0


if __name__ == "__main__":
    sys.exit(main())
