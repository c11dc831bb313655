"""What the paced phase's slow saves ran beside, from `deadline.py --records FILE`.

    uv run python bench/records.py FILE

Groups the paced autosaves by what overlapped them in time: a recompute running in the
task worker (yes/no), how many results pages were being drawn (0-3, 3 meaning three or
more), and a submission or approval (yes/no); prints each group's size, p50 and p95.
"""

import csv
import sys
from collections import defaultdict

from deadline import percentile


def read(path: str) -> list[dict]:
    with open(path, newline="") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        row["start"] = float(row["started"])
        row["end"] = row["start"] + float(row["seconds"])
    return rows


def overlapping(item: dict, others: list[dict]) -> int:
    return sum(1 for o in others if o["start"] < item["end"] and o["end"] > item["start"])


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    rows = read(sys.argv[1])
    requests = [r for r in rows if r["what"] == "request"]
    saves = [r for r in requests if r["phase"] == "paced" and r["kind"] == "save"]
    recomputes = [
        r for r in rows if r["what"] == "task" and r["phase"] == "run"
        and r["kind"] == "recompute_round"
    ]  # fmt: skip
    pages = [r for r in requests if r["kind"] == "results page"]
    workflow = [
        r for r in requests if r["phase"] == "paced" and r["kind"] in ("submit", "approve")
    ]
    groups: dict[tuple, list[float]] = defaultdict(list)
    for save in saves:
        group = (
            overlapping(save, recomputes) > 0,
            min(overlapping(save, pages), 3),
            overlapping(save, workflow) > 0,
        )
        groups[group].append(float(save["seconds"]))
    first, last = min(s["start"] for s in saves), max(s["end"] for s in saves)
    busy = sum(r["end"] - r["start"] for r in recomputes if first <= r["start"] <= last)
    print(f"paced saves: {len(saves)}; a recompute ran {busy / (last - first):.0%} of the phase")
    print("recompute  results pages  submit/approve      n   p50 ms   p95 ms")
    for (recompute, drawn, step), seconds in sorted(groups.items()):
        print(
            f"{'yes' if recompute else 'no':<10} {drawn:<14} {'yes' if step else 'no':<15}"
            f"{len(seconds):>6} {percentile(seconds, 0.5) * 1000:>8.0f}"
            f" {percentile(seconds, 0.95) * 1000:>8.0f}"
        )


if __name__ == "__main__":
    main()
