"""The CI scripts themselves: a server started by .ci/postgres must not keep .ci/run waiting."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DETACHED = ROOT / ".ci" / "detached.sh"

# Mimics .ci/postgres: stdout kept as fd 3 for the URL, a daemon started on the way (here a background sleep that
# outlives its parent and writes to its own log, as pg_ctlcluster's server does), then the URL printed. The caller
# reads it with $(...).
SCRIPT = """
exec 3>&1 1>&2
. "{detached}"
{start} bash -c 'sleep 30 >/dev/null 2>&1 &'
echo url >&3
"""


def _run_caller(start: str) -> subprocess.CompletedProcess[str]:
    inner = SCRIPT.format(detached=DETACHED, start=start)
    return subprocess.run(
        ["bash", "-c", 'out=$(bash -c "$1"); echo "got $out"', "caller", inner],
        capture_output=True,
        text=True,
        timeout=15,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir() or shutil.which("bash") is None, reason="needs bash and /proc"
)
def test_a_daemon_started_detached_does_not_hold_the_callers_pipe() -> None:
    result = _run_caller("detached")
    assert result.returncode == 0
    assert result.stdout.strip() == "got url"


@pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir() or shutil.which("bash") is None, reason="needs bash and /proc"
)
def test_without_detached_the_caller_would_wait() -> None:
    # The failure the helper prevents, shown for real: the daemon keeps fd 3 and $(...) never sees end of file.
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run(
            [
                "bash",
                "-c",
                'out=$(bash -c "$1"); echo "got $out"',
                "caller",
                SCRIPT.format(detached=DETACHED, start=""),
            ],
            capture_output=True,
            text=True,
            timeout=3,
            stdin=subprocess.DEVNULL,
        )
