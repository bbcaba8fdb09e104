"""The README's two commands, run on a clean copy of the repository in a temporary directory.

A clean copy is what ``git clone`` would give once the work tree is committed: every file git
tracks or would track (``git ls-files --cached --others --exclude-standard``), nothing else — no
virtualenv, no database.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:sh|bash)?\n(.*?)```", text, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands():
    assert readme_commands() == ["./run", "./test"]


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    if os.environ.get("BGHIT_NESTED_README_TEST"):
        pytest.skip("already inside the README test's clean copy")
    dest = tmp_path_factory.mktemp("clone") / "bghit"
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                           cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    assert not (dest / ".venv").exists() and not list((dest / "data").glob("*.sqlite3*"))
    return dest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BGHIT_", "TWILIO_", "FLASK_", "VIRTUAL_ENV", "PYTEST"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if ".venv" not in p)
    env.update(extra)
    return env


def test_run_command_serves_the_demo(clone):
    port = _free_port()
    proc = subprocess.Popen(["./run"], cwd=clone, env=_clean_env(PORT=str(port)),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, text=True)
    try:
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                if health.status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass                     # not listening yet, or its workers still booting
            assert proc.poll() is None, proc.stdout.read()
            time.sleep(1)
        else:
            pytest.fail("./run did not serve /healthz within 5 minutes")
        assert (clone / "data" / "bghit.sqlite3").exists()
        page = requests.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert page.status_code == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
    assert "http://127.0.0.1" in out and "chat" in out       # it says what to do next


def test_test_command_passes(clone):
    env = _clean_env(BGHIT_NESTED_README_TEST="1")
    result = subprocess.run(["./test", "tests/test_catalog.py", "tests/test_locales.py",
                             "tests/test_readme.py"], cwd=clone, env=env, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\d+ passed", result.stdout)
