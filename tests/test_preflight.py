"""A newcomer never meets a traceback: bin/preflight says in one line what to install."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def preflight(mode: str, path_dir: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/sh", str(ROOT / "bin" / "preflight"), mode],
        env={"PATH": str(path_dir), "HOME": os.environ.get("HOME", "/root"), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_missing_python_is_one_line_saying_what_to_install(tmp_path):
    result = preflight("run", tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "Python 3.11" in result.stderr and "apt-get install python3.11" in result.stderr


def test_missing_gettext_and_chromium_for_the_tests(tmp_path):
    (tmp_path / "python3.11").symlink_to(sys.executable)
    (tmp_path / "make").symlink_to("/usr/bin/make")
    result = preflight("test", tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "apt-get install gettext" in result.stderr
    (tmp_path / "msgfmt").symlink_to("/usr/bin/msgfmt")
    result = preflight("test", tmp_path, CHROMIUM=str(tmp_path / "no-chromium"))
    assert result.returncode == 1
    assert "apt-get install chromium" in result.stderr


def test_everything_present_prints_the_interpreter(tmp_path):
    (tmp_path / "python3.11").symlink_to(sys.executable)
    (tmp_path / "make").symlink_to("/usr/bin/make")
    result = preflight("run", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("python3.11")
