"""Settings are documented, and bad configuration stops start-up with a clear message."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "beredskap" / "settings.py"
READERS = {"env", "env_bool", "env_list", "env_rate"}


def _variables_read_by_settings() -> set[str]:
    tree = ast.parse(SETTINGS.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            if (isinstance(func, ast.Name) and func.id in READERS) or (
                isinstance(func, ast.Attribute) and func.attr in {"get", "getenv"}
            ):
                names.add(node.args[0].value)
    return names


def test_settings_read_variables_at_all():
    assert {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "REDIS_URL"} <= (
        _variables_read_by_settings()
    )


def test_every_variable_is_documented_in_docs_settings():
    documented = set(
        re.findall(r"^\| `([A-Z_]+)` \|", (ROOT / "docs/settings.md").read_text(), re.M)
    )
    assert _variables_read_by_settings() <= documented
    assert documented <= _variables_read_by_settings(), "docs list a variable nobody reads"


def test_every_variable_is_in_env_example():
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert _variables_read_by_settings() <= listed


def _run(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "beredskap.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )


def test_a_malformed_database_url_stops_start_up_with_a_clear_message():
    result = _run("check", DATABASE_URL="nonsense://somewhere")
    assert result.returncode == 2
    assert "DATABASE_URL is not a valid database URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_off_without_secret_key_is_refused():
    result = _run("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode == 2
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_is_named():
    result = _run("check", DEBUG="maybe")
    assert result.returncode == 2
    assert "DEBUG must be true or false" in result.stderr


@pytest.mark.parametrize("database_url", ["sqlite:///:memory:"])
def test_production_settings_pass_the_deploy_check(database_url):
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        ALLOWED_HOSTS="beredskap.example.se",
        DATABASE_URL=database_url,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_an_unknown_task_backend_is_named():
    result = _run("check", TASKS_BACKEND="celery")
    assert result.returncode == 2
    assert "TASKS_BACKEND must be one of immediate, database" in result.stderr
