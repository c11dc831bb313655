"""CPU seconds spent by groups of processes between two readings, from /proc (Linux).

The deadline bench asks where two cores went during a phase: gunicorn's workers, the task
worker, PostgreSQL and the load generator itself. A process is counted by its process
group (gunicorn and the worker are started in sessions of their own) or, for PostgreSQL,
by name; a PostgreSQL backend that ended during the phase is counted through the
postmaster's children's times (`cutime`, `cstime`). Redis is counted by name too, and
`other` is what the whole machine spent (/proc/stat) beyond all these: the kernel's network
work, and anything else running.
"""

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: str) -> tuple[str, int, int, int] | None:
    """(command, process group, own CPU ticks, reaped children's CPU ticks) of a process."""
    try:
        text = (Path("/proc") / pid / "stat").read_text()
    except OSError:
        return None
    command = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    # fields[0] is field 3 of proc(5): state; pgrp is 5, utime 14, stime 15, cutime 16, cstime 17
    return (
        command,
        int(fields[2]),
        int(fields[11]) + int(fields[12]),
        int(fields[13]) + int(fields[14]),
    )


def reading(groups: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of each named process group, of PostgreSQL and of this process."""
    ticks = dict.fromkeys([*groups, "postgres", "redis", "load generator"], 0)
    by_group = {pgid: name for name, pgid in groups.items()}
    own = os.getpid()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        stat = _stat(pid)
        if stat is None:
            continue
        command, group, spent, reaped = stat
        if int(pid) == own:
            ticks["load generator"] += spent
        elif group in by_group:
            ticks[by_group[group]] += spent
        elif command == "postgres":
            ticks["postgres"] += spent + reaped  # only the postmaster reaps backends
        elif command == "redis-server":
            ticks["redis"] += spent
    ticks["other"] = _machine_busy() - sum(ticks.values())
    return {name: count / TICK for name, count in ticks.items()}


def _machine_busy() -> int:
    """CPU ticks all cores spent on anything but idling and waiting for I/O since boot."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return user + nice + system + irq + softirq + steal


def cores(before: dict[str, float], after: dict[str, float], seconds: float) -> str:
    """'gunicorn 1.10, worker 0.25, …' cores used on average between the two readings."""
    used = {name: (after[name] - before[name]) / seconds for name in after}
    parts = [f"{name} {share:.2f}" for name, share in used.items()]
    return ", ".join(parts) + f"; total {sum(used.values()):.2f} of {os.cpu_count()} cores"
