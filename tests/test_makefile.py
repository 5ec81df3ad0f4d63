"""``make system-deps`` on a fresh machine: which Debian packages it installs, how, and as whom.

The real ``make`` and ``/bin/sh`` run the real Makefile with a ``PATH`` holding only the programs
the recipe may find: ``env``, and recording stand-ins for ``apt-get``, ``sudo`` and ``id`` (so no
package is installed and the user can be root or not).  Java, Chromium, Graphviz, npm, Virtuoso and a
CJK font are present only where a case puts a stand-in for them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")
ENV = shutil.which("env")

pytestmark = pytest.mark.skipif(MAKE is None or ENV is None, reason="make and env are needed")

#: What a machine without any of the tools gets, in the Makefile's order.
ALL_PACKAGES = ["default-jre-headless", "chromium", "graphviz", "npm", "fonts-noto-cjk", "virtuoso-opensource"]


def stub(directory: Path, name: str, body: str) -> None:
    """An executable shell script ``name`` in ``directory``."""
    path = directory / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


def fake_machine(root: Path, *, uid: int, present: tuple[str, ...] = (), cjk_font: bool = False) -> Path:
    """A PATH directory: ``apt-get``, ``sudo`` recording each call (argv and DEBIAN_FRONTEND) in
    ``root/calls``, ``id -u`` giving ``uid``, and the programs named in ``present``."""
    bin_dir = root / "bin"
    bin_dir.mkdir()
    calls = root / "calls"
    os.symlink(ENV, bin_dir / "env")
    stub(bin_dir, "apt-get", f'printf "apt-get DEBIAN_FRONTEND=%s %s\\n" "$DEBIAN_FRONTEND" "$*" >> "{calls}"\n')
    stub(bin_dir, "sudo", f'printf "sudo %s\\n" "$*" >> "{calls}"\nexec "$@"\n')
    stub(bin_dir, "id", f'[ "$1" = "-u" ] && echo {uid}\n')
    for name in present:
        stub(bin_dir, name, "exit 0\n")
    if cjk_font:
        stub(bin_dir, "fc-list", 'echo "/usr/share/fonts/NotoSansCJK-Regular.ttc: Noto Sans CJK SC:style=Regular"\n')
    return bin_dir


def system_deps(root: Path, bin_dir: Path) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run ``make system-deps`` with only ``bin_dir`` on PATH; its output and the recorded calls."""
    env = {"PATH": str(bin_dir), "HOME": str(root), "LANG": "C"}
    done = subprocess.run([MAKE, "-f", str(REPO / "Makefile"), "system-deps"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    calls = root / "calls"
    return done, calls.read_text().splitlines() if calls.exists() else []


def test_as_root_everything_missing_is_installed_without_sudo(tmp_path: Path) -> None:
    done, calls = system_deps(tmp_path, fake_machine(tmp_path, uid=0))
    assert done.returncode == 0, done.stderr
    assert calls == [
        "apt-get DEBIAN_FRONTEND=noninteractive -o DPkg::Lock::Timeout=600 update -q",
        "apt-get DEBIAN_FRONTEND=noninteractive -o DPkg::Lock::Timeout=600 install -y -q " + " ".join(ALL_PACKAGES),
    ]


def test_as_a_user_everything_missing_is_installed_through_sudo(tmp_path: Path) -> None:
    done, calls = system_deps(tmp_path, fake_machine(tmp_path, uid=1000))
    assert done.returncode == 0, done.stderr
    install = "-o DPkg::Lock::Timeout=600 install -y -q " + " ".join(ALL_PACKAGES)
    assert calls == [
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q",
        "apt-get DEBIAN_FRONTEND=noninteractive -o DPkg::Lock::Timeout=600 update -q",
        f"sudo env DEBIAN_FRONTEND=noninteractive apt-get {install}",
        f"apt-get DEBIAN_FRONTEND=noninteractive {install}",
    ]


def test_only_what_is_missing_is_installed(tmp_path: Path) -> None:
    done, calls = system_deps(tmp_path, fake_machine(tmp_path, uid=0, present=("java", "dot", "npm", "virtuoso-t")))
    assert done.returncode == 0, done.stderr
    assert calls[-1] == ("apt-get DEBIAN_FRONTEND=noninteractive -o DPkg::Lock::Timeout=600 "
                         "install -y -q chromium fonts-noto-cjk")


def test_a_machine_with_everything_installs_nothing(tmp_path: Path) -> None:
    bin_dir = fake_machine(tmp_path, uid=1000, present=("java", "chromium", "dot", "npm", "virtuoso-t"),
                           cjk_font=True)
    done, calls = system_deps(tmp_path, bin_dir)
    assert done.returncode == 0, done.stderr
    assert calls == []
    assert "installing" not in done.stdout


def test_a_failed_install_fails_the_target(tmp_path: Path) -> None:
    bin_dir = fake_machine(tmp_path, uid=0)
    stub(bin_dir, "apt-get", 'echo "E: Unable to locate package" >&2\nexit 100\n')
    done, _ = system_deps(tmp_path, bin_dir)
    assert done.returncode != 0
    assert "Unable to locate package" in done.stderr
