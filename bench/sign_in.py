"""What one sign-in's password check costs, and 290 of them at once on this machine.

Prints the time of one hash check with the production Argon2id parameters and with the
PBKDF2 hasher the project used before, then the wall time of 290 checks spread over as
many processes as the machine has cores (the deadline's simultaneous sign-ins, without
the web server around them). No database: only the hashers.

    uv run python bench/sign_in.py                 # 290 checks per hasher (PBKDF2: minutes)
    uv run python bench/sign_in.py --clients 40
"""

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beredskap.settings")

import django

django.setup()

from django.contrib.auth.hashers import check_password, make_password  # noqa: E402

PASSWORD = "correct horse battery staple"
HASHERS = {
    "argon2id m=19MiB t=2 p=1": "argon2",
    "pbkdf2_sha256 (Django default iterations)": "pbkdf2_sha256",
}


def _check(encoded: str) -> float:
    started = time.perf_counter()
    assert check_password(PASSWORD, encoded)
    return time.perf_counter() - started


def main(clients: int = 290) -> None:
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores; {clients} simultaneous checks over {cores} processes")
    for label, algorithm in HASHERS.items():
        encoded = make_password(PASSWORD, hasher=algorithm)
        one = statistics.median(_check(encoded) for _ in range(5))
        started = time.perf_counter()
        with ProcessPoolExecutor(cores) as pool:
            list(pool.map(_check, [encoded] * clients))
        together = time.perf_counter() - started
        print(f"{label}: one check {one * 1000:.0f} ms; {clients} at once {together:.1f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=290, help="simultaneous checks")
    main(parser.parse_args().clients)
