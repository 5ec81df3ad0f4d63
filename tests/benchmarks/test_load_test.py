"""Reading a server's processes from /proc survives a query worker that has exited meanwhile."""

from __future__ import annotations

import os
import subprocess
import sys

from benchmarks import load_test


def test_a_process_that_has_exited_reads_as_none_not_an_error() -> None:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    assert load_test._peak_mib(process.pid) is None
    assert load_test._cpu_seconds(process.pid) is None
    assert load_test._peak_mib(os.getpid()) > 0
    assert load_test._cpu_seconds(os.getpid()) >= 0
