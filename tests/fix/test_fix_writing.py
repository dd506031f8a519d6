"""`--fix` never loses data: atomic writes, racing editors, links out of the tree, read-only files, full disks.

Each test names the item of issue 23 it covers (D1 data loss on a full disk or
a kill, D2 a racing editor, D4 links out of the checked tree, C6 unwritable
files). The full-disk and read-only file-system tests mount a small tmpfs
where the test runs as root with the right to mount; elsewhere the write
failure is injected through the writer's step hook instead.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tensorlens.cli import main
from tensorlens.fix import files as fix_files_module
from tensorlens.fix.writer import STEPS, WriteRefused, write_atomically

# A safe fix (the update goes under torch.no_grad()), so plain --fix applies it.
FIXABLE = "import torch\n\nw = torch.ones(2, requires_grad=True)\nw.sum().backward()\nw -= 0.1 * w.grad\n"
FIXED = ("import torch\n\nw = torch.ones(2, requires_grad=True)\nw.sum().backward()\n"
         "with torch.no_grad():\n    w -= 0.1 * w.grad\n")


def run_fix(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, str, str]:
    code = main(["check", *map(str, paths), "--fix", "--no-cache", "--jobs", "1"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs mounted for the test (root only), unmounted after it."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    """Use up every free block of the file system holding ``folder``."""
    with open(folder / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC


def page_sized_source() -> str:
    """A fixable file of 4,090 bytes: its fixed text (26 bytes more) needs a second 4 KiB page."""
    padding = "# " + "p" * 60 + "\n"
    source = FIXABLE
    while len(source) + len(padding) < 4000:
        source = padding + source
    source = "#" * (4090 - len(source) - 1) + "\n" + source
    assert len(source) == 4090 and len(FIXED) - len(FIXABLE) == 26
    return source


def test_a_full_disk_leaves_the_original_intact_and_the_run_goes_on(tmpfs: Path, tmp_path: Path, capsys):
    """D1: ENOSPC while writing the fixed text (a real full tmpfs): the original is untouched, the error is
    reported for that file, and a file elsewhere is still fixed."""
    source = page_sized_source()
    on_full_disk = tmpfs / "train.py"
    on_full_disk.write_text(source)
    elsewhere = tmp_path / "other.py"
    elsewhere.write_text(FIXABLE)
    fill(tmpfs)
    code, out, err = run_fix(capsys, on_full_disk, elsewhere)
    assert on_full_disk.read_text() == source
    assert elsewhere.read_text() == FIXED
    assert code == 2
    assert f"{on_full_disk}: cannot write it: no space left on the device; left as it was" in err
    assert f"{on_full_disk}:" in out and "TL101" in out  # its finding is still reported as remaining
    assert "Traceback" not in err
    assert [p.name for p in tmpfs.iterdir() if p.name.endswith(".tmp")] == []


def test_an_injected_write_failure_leaves_the_original_intact(tmp_path: Path):
    """D1 without a tmpfs: the disk fills up right after the temporary file is written."""
    target = tmp_path / "a.py"
    target.write_text(FIXABLE)

    def disk_full(step: str) -> None:
        if step == "temporary-written":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(WriteRefused, match="no space left on the device"):
        write_atomically(target, FIXED.encode(), FIXABLE.encode(), [str(tmp_path)], disk_full)
    assert target.read_text() == FIXABLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py"]


KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from tensorlens.fix.writer import write_atomically

    target, wanted = Path(sys.argv[1]), sys.argv[2]
    new = Path(sys.argv[3]).read_bytes()

    def kill_at(step):
        if step == wanted:
            os.kill(os.getpid(), signal.SIGKILL)

    write_atomically(target, new, target.read_bytes(), [str(target.parent)], kill_at)
""")


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_between_any_two_steps_never_leaves_a_truncated_file(tmp_path: Path, step: str):
    """D1: SIGKILL at each step of the writer leaves the old file or the new one, whole."""
    target = tmp_path / "a.py"
    old = FIXABLE * 200
    new = FIXED * 200
    target.write_text(old)
    (tmp_path / "new.txt").write_text(new)
    result = subprocess.run([sys.executable, "-c", KILLER, str(target), step, str(tmp_path / "new.txt")],
                            capture_output=True, timeout=60)
    assert result.returncode == -9, result.stderr
    assert target.read_text() in (old, new)
    if STEPS.index(step) < STEPS.index("replaced"):
        assert target.read_text() == old
    else:
        assert target.read_text() == new


def test_an_edit_saved_while_fixing_is_never_overwritten(tmp_path: Path, capsys, monkeypatch):
    """D2: an editor saves the file after it was read for fixing: the fix is not written, the run says so
    for that file, and goes on with the others."""
    raced = tmp_path / "a.py"
    raced.write_text(FIXABLE)
    calm = tmp_path / "b.py"
    calm.write_text(FIXABLE)
    edited = FIXABLE + "print('saved by the editor')\n"
    real_write = fix_files_module.write_fixed

    def editor_saves(step: str) -> None:
        if step == "synced" and raced.read_text() == FIXABLE:
            raced.write_text(edited)

    monkeypatch.setattr(fix_files_module, "write_fixed",
                        lambda files, run, roots: real_write(files, run, roots, editor_saves))
    code, out, err = run_fix(capsys, raced, calm)
    assert raced.read_text() == edited
    assert calm.read_text() == FIXED
    assert code == 2
    assert f"{raced}: it changed on disk while it was being fixed (saved by an editor?); not fixed" in err
    assert "1 fixed" in out


def test_a_link_out_of_the_checked_tree_is_not_followed(tmp_path: Path, capsys):
    """D4: a *.py symlink inside the tree pointing outside it: its target is checked, never written."""
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    (outside / "shared.py").write_text(FIXABLE)
    (tree / "link.py").symlink_to(outside / "shared.py")
    (tree / "own.py").write_text(FIXABLE)
    code, out, err = run_fix(capsys, tree)
    assert (outside / "shared.py").read_text() == FIXABLE
    assert (tree / "own.py").read_text() == FIXED
    assert code == 2
    assert (f"{tree / 'link.py'}: it is a link to {outside / 'shared.py'}, outside the checked paths; not fixed"
            in err)


def test_a_link_inside_the_tree_is_fixed_where_it_points_and_stays_a_link(tmp_path: Path, capsys):
    """D4: a link to a file of the same tree is followed: the target is fixed, the link kept."""
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "model.py").write_text(FIXABLE)
    (tmp_path / "alias.py").symlink_to(tmp_path / "real" / "model.py")
    code, out, err = run_fix(capsys, tmp_path / "alias.py", tmp_path / "real")
    assert code == 0, err
    assert (tmp_path / "alias.py").is_symlink()
    assert (tmp_path / "real" / "model.py").read_text() == FIXED


def test_a_read_only_file_is_reported_and_the_others_are_fixed(tmp_path: Path, capsys):
    """C6: a file without write permission is an error for that file (even for root), never a traceback."""
    locked = tmp_path / "a.py"
    locked.write_text(FIXABLE)
    locked.chmod(0o444)
    other = tmp_path / "b.py"
    other.write_text(FIXABLE)
    code, out, err = run_fix(capsys, tmp_path)
    assert locked.read_text() == FIXABLE and stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert other.read_text() == FIXED
    assert code == 2
    assert f"{locked}: it is read-only; not fixed" in err
    assert "Traceback" not in err


def test_a_read_only_file_system_is_reported_per_file(tmpfs: Path, tmp_path: Path, capsys):
    """C6: the file system itself is read-only (a remounted tmpfs)."""
    target = tmpfs / "a.py"
    target.write_text(FIXABLE)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    other = tmp_path / "b.py"
    other.write_text(FIXABLE)
    code, out, err = run_fix(capsys, target, other)
    assert target.read_text() == FIXABLE and other.read_text() == FIXED
    assert code == 2 and f"{target}: it is read-only; not fixed" in err


def test_mode_and_owner_are_kept(tmp_path: Path, capsys):
    """D1: the atomic replacement keeps the file's permissions and, where it can, its owner and group."""
    target = tmp_path / "a.py"
    target.write_text(FIXABLE)
    target.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(target, 65534, 65534)
    before = target.stat()
    code, out, err = run_fix(capsys, target)
    assert code == 0, err
    after = target.stat()
    assert target.read_text() == FIXED
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert after.st_ino != before.st_ino  # replaced by rename, not rewritten in place
