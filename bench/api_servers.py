"""The servers of bench/api_vs_datasette.py: gunicorn serving Beredskap and Datasette
serving the released values, each one process with the same number of threads, on
127.0.0.1, in sessions of their own, stopped when the bench ends however it ends.
"""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from recompute import log

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
DATASETTE_REQUIREMENT = "datasette==0.65.*"
VENV = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
VENV = VENV / "beredskap-bench" / "datasette-venv"


def datasette_venv() -> tuple[Path, str]:
    """The `datasette` executable of the bench's own virtual environment, made if needed,
    and its version."""
    python = VENV / "bin" / "python"
    datasette = VENV / "bin" / "datasette"
    if datasette.exists():
        done = subprocess.run(
            [str(datasette), "--version"], capture_output=True, text=True, check=False
        )
        if done.returncode == 0 and "version 0.65." in done.stdout:
            return datasette, done.stdout.split()[-1]
        log(f"{VENV} does not hold a working Datasette 0.65: making it anew")
        shutil.rmtree(VENV)
    VENV.parent.mkdir(parents=True, exist_ok=True)
    log(f"installing {DATASETTE_REQUIREMENT} into {VENV} (not the project's environment) …")
    uv = shutil.which("uv")
    environment = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    environment.pop("VIRTUAL_ENV", None)
    base = getattr(sys, "_base_executable", sys.executable)
    if uv:
        subprocess.run([uv, "venv", "--quiet", "--python", base, str(VENV)], check=True)
        command = [uv, "pip", "install", "--quiet", "--python", str(python)]
    else:
        subprocess.run([base, "-m", "venv", str(VENV)], check=True)
        command = [str(python), "-m", "pip", "install", "--quiet"]
    subprocess.run([*command, DATASETTE_REQUIREMENT], check=True, env=environment)
    done = subprocess.run([str(datasette), "--version"], capture_output=True, text=True)
    return datasette, done.stdout.split()[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process on 127.0.0.1, in its own session (Ctrl-C reaches only us)."""

    def __init__(self, name: str, command: list[str], env: dict, log_path: Path, port: int):
        self.name, self.port, self.log_path = name, port, log_path
        self.log_file = log_path.open("wb")
        self.process = subprocess.Popen(
            command,
            env=env,
            cwd=PROJECT_DIR,
            stdin=subprocess.DEVNULL,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited at start; its log:\n{self.tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status == 200:
                    return
                raise SystemExit(f"{self.name}: {path} answered {response.status}")
            time.sleep(0.2)
        raise SystemExit(f"{self.name} did not answer within {timeout:.0f} s:\n{self.tail()}")

    def tail(self) -> str:
        self.log_file.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log_file.close()


def beredskap_server(name: str, database_url: str, folder: Path, threads: int) -> Server:
    """gunicorn with one worker, production settings from the environment (DEBUG off),
    throttling off (bench/bench_settings.py) and plain http (no SSL redirect)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(folder / "static"),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    command = [
        sys.executable, "-m", "gunicorn", "beredskap.wsgi",
        "--pythonpath", f"{PROJECT_DIR},{BENCH_DIR}",
        "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning",
    ]  # fmt: skip
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    else:
        command += ["--worker-class", "sync"]
    return Server(name, command, env, folder / f"{name}.log", port)


def datasette_server(
    executable: Path, database: Path, metadata: Path, folder: Path, threads: int
) -> Server:
    """`datasette serve` as a publisher of a fixed file would (immutable, -i), with as many
    SQL threads as gunicorn has threads, and no caching: `default_cache_ttl 0` (Datasette
    keeps no responses itself; the setting only stops it telling clients to keep them)."""
    port = free_port()
    command = [
        str(executable), "serve", "-i", str(database), "--metadata", str(metadata),
        "--host", "127.0.0.1", "--port", str(port),
        "--setting", "num_sql_threads", str(threads), "--setting", "default_cache_ttl", "0",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    return Server("datasette", command, env, folder / "datasette.log", port)
