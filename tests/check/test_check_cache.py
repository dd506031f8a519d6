"""The findings cache: same output warm as cold, keyed by content and rule set, never a reason to fail."""

import json
import os
import subprocess
import sys

import pytest
from check_helpers import LEAF_BUG, run_tensorlens, write

from tensorlens.check import cache as cache_module
from tensorlens.check import runner
from tensorlens.check.cache import FORMAT, MARKER, Cache, analyzer_fingerprint, cache_root
from tensorlens.cli import main

DEVICE_BUG = "import torch\nx = torch.ones(3).cuda() + torch.ones(3)\n"


@pytest.fixture()
def project(tmp_path):
    return write(tmp_path / "proj", {
        "a.py": LEAF_BUG,
        "b.py": DEVICE_BUG + "y = 1  # noqa: TL999\n",
        "same_as_a.py": LEAF_BUG,
        "clean.py": "x = 1\n",
        "broken.py": "def f(:\n",
    })


def entries(folder):
    return sorted(p for p in folder.rglob("*.json"))


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_warm_output_equals_cold(project, private_cache, fmt):
    cold = run_tensorlens("check", ".", "--format", fmt, cwd=project)
    stored = entries(private_cache)
    assert len(stored) == 4  # one per distinct content (a.py and same_as_a.py share one)
    warm = run_tensorlens("check", ".", "--format", fmt, cwd=project)
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    assert cold.returncode == 1 and "TL999" in cold.stderr
    uncached = run_tensorlens("check", ".", "--format", fmt, "--no-cache", cwd=project)
    assert (uncached.returncode, uncached.stdout, uncached.stderr) == (cold.returncode, cold.stdout, cold.stderr)


def test_no_cache_neither_reads_nor_writes(project, private_cache):
    run_tensorlens("check", ".", "--no-cache", cwd=project)
    assert entries(private_cache) == []


def test_cache_folder_layout(project, private_cache):
    run_tensorlens("check", "a.py", cwd=project)
    [entry] = entries(private_cache)
    assert entry.relative_to(private_cache).parts[:2] == (f"v{FORMAT}", analyzer_fingerprint())
    # The root was there before the run: the tag goes into the topmost folder the cache created.
    assert not (private_cache / "CACHEDIR.TAG").exists()
    assert (private_cache / f"v{FORMAT}" / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    assert json.loads(entry.read_text())["f"][0][1] == "TL101"
    for folder in (private_cache / f"v{FORMAT}", entry.parent.parent, entry.parent):
        assert (folder / MARKER).is_file()
    assert not (private_cache / MARKER).exists()


def test_a_root_the_cache_creates_is_tagged_and_marked(project, tmp_path):
    root = tmp_path / "new" / "cache"
    run_tensorlens("check", "a.py", cwd=project, env={**os.environ, "TENSORLENS_CACHE_DIR": str(root)})
    assert (root / "CACHEDIR.TAG").is_file() and (root / MARKER).is_file()
    assert not (root / f"v{FORMAT}" / "CACHEDIR.TAG").exists()
    assert not (tmp_path / "new" / MARKER).exists()  # made on the way, but not the cache's


def test_key_follows_content_rules_and_configuration(project, private_cache):
    assert "TL101" in run_tensorlens("check", "a.py", cwd=project).stdout
    (project / "a.py").write_text(LEAF_BUG + "w.add_(2)  # noqa: TL101\nw.add_(3)\n")
    changed = run_tensorlens("check", "a.py", cwd=project)
    assert [line.split()[0] for line in changed.stdout.splitlines() if "TL101" in line] == ["a.py:3:1:", "a.py:5:1:"]
    assert run_tensorlens("check", "a.py", "--select", "TL2", cwd=project).returncode == 0
    (project / "pyproject.toml").write_text("[tool.tensorlens]\nignore = ['TL101']\n")
    assert run_tensorlens("check", "a.py", cwd=project).returncode == 0
    (project / "pyproject.toml").write_text("[tool.tensorlens]\n")
    assert run_tensorlens("check", "a.py", cwd=project).returncode == 1


def test_same_content_under_two_names_keeps_each_path(project):
    run_tensorlens("check", "a.py", cwd=project)
    warm = run_tensorlens("check", "same_as_a.py", "--format", "json", cwd=project)
    assert [item["path"] for item in json.loads(warm.stdout)] == ["same_as_a.py"]


@pytest.mark.parametrize("garbage", [b"", b"{not json", b"[]", b'{"f": [[1]], "w": []}',
                                     b'{"f": [[[1,1,1,2], "TL999", "m", [], null]], "w": []}',
                                     b'{"f": [], "w": [["x", 1]]}', b"\xff\xfe"])
def test_corrupt_entries_are_misses(project, private_cache, garbage):
    cold = run_tensorlens("check", ".", "--format", "json", cwd=project)
    for entry in entries(private_cache):
        entry.write_bytes(garbage)
    warm = run_tensorlens("check", ".", "--format", "json", cwd=project)
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    # and the bad entries were replaced by good ones
    assert all(json.loads(entry.read_text())["w"] is not None for entry in entries(private_cache))


def test_unusable_cache_folder_never_breaks_a_run(project, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {**os.environ, "TENSORLENS_CACHE_DIR": str(blocker / "cache")}
    result = run_tensorlens("check", ".", cwd=project, env=env)
    expected = run_tensorlens("check", ".", "--no-cache", cwd=project)
    assert (result.returncode, result.stdout, result.stderr) == (expected.returncode, expected.stdout, expected.stderr)


def test_read_only_entry_folder_falls_back(project, private_cache, monkeypatch):
    monkeypatch.setattr(cache_module.tempfile, "mkstemp", lambda **kw: (_ for _ in ()).throw(PermissionError(13, "no")))
    cache = Cache(private_cache)
    checked = runner.check_files(*_work(project), jobs=1, cache=cache)
    assert checked and not cache._writable and entries(private_cache) == []


def _work(project):
    from tensorlens.catalogue import CATALOGUE
    from tensorlens.project.files import collect_files

    files = collect_files([str(project)])
    return files, [frozenset(CATALOGUE)] * len(files)


def test_warm_run_uses_neither_libcst_nor_worker_processes(project, private_cache, monkeypatch):
    files, codes = _work(project)
    monkeypatch.setattr(runner, "PARALLEL_THRESHOLD_BYTES", 0)
    cold = runner.check_files(files, codes, jobs=2, cache=Cache(private_cache))

    def no_pool(*args, **kwargs):
        raise AssertionError("a warm run started worker processes")

    monkeypatch.setattr("concurrent.futures.process.ProcessPoolExecutor", no_pool)  # the runner imports it late
    monkeypatch.setattr(runner, "_analyze", no_pool)
    warm = runner.check_files(files, codes, jobs=2, cache=Cache(private_cache))
    assert [(c.path, c.findings, c.warnings) for c in warm] == [(c.path, c.findings, c.warnings) for c in cold]


def test_warm_cli_does_not_import_libcst(project):
    script = ("import sys; from tensorlens.cli import main; code = main(['check', '.', '--format', '{fmt}']); "
              "print('LIBCST' if 'libcst' in sys.modules else 'NO-LIBCST', code, file=sys.stderr)")
    for fmt in ("text", "json", "sarif", "github"):
        first = subprocess.run([sys.executable, "-c", script.format(fmt=fmt)], cwd=project, capture_output=True,
                               text=True)
        assert first.stderr.splitlines()[-1] in ("LIBCST 1", "NO-LIBCST 1")
        warm = subprocess.run([sys.executable, "-c", script.format(fmt=fmt)], cwd=project, capture_output=True,
                              text=True)
        assert warm.stderr.splitlines()[-1] == "NO-LIBCST 1", fmt


def test_internal_errors_are_not_cached(project, private_cache, monkeypatch):
    from tensorlens.analysis import engine

    real = engine.analyze_source

    def failing(source, path, *args, **kwargs):
        result = real(source, path, *args, **kwargs)
        if path.endswith("a.py"):
            result.internal_errors.append(f"{path}: internal error in rule TL101: boom")
        return result

    monkeypatch.setattr(engine, "analyze_source", failing)
    files, codes = _work(project)
    checked = runner.check_files(files, codes, jobs=1, cache=Cache(private_cache))
    assert [c.path.endswith("a.py") for c in checked] == [bool(c.internal_errors) for c in checked]
    # a.py and same_as_a.py failed: only b.py, clean.py and broken.py were stored
    assert len(entries(private_cache)) == 3


def test_concurrent_runs_share_one_cache(project, private_cache):
    for index in range(30):
        (project / f"gen_{index}.py").write_text(LEAF_BUG + f"v{index} = {index}\n")
    runs = [subprocess.Popen([sys.executable, "-m", "tensorlens", "check", ".", "--format", "json", "-j", "1"],
                             cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert all(run.returncode == 1 for run in runs)
    assert len({out for out, _ in outputs}) == 1
    assert len(json.loads(outputs[0][0])) == 34  # 30 generated, a, same_as_a, b, broken
    assert not list(private_cache.rglob("*.tmp"))
    warm = run_tensorlens("check", ".", "--format", "json", cwd=project)
    assert warm.stdout == outputs[0][0]


def test_cache_root_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TENSORLENS_CACHE_DIR", str(tmp_path / "explicit"))
    assert cache_root() == tmp_path / "explicit"
    monkeypatch.delenv("TENSORLENS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "tensorlens"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / ".cache" / "tensorlens"


def test_fingerprint_follows_the_version(monkeypatch):
    before = analyzer_fingerprint()
    assert analyzer_fingerprint() == before
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert analyzer_fingerprint() != before


def test_in_process_main_with_cache(project, capsys):
    assert main(["check", str(project / "a.py")]) == 1
    first = capsys.readouterr()
    assert main(["check", str(project / "a.py")]) == 1
    assert capsys.readouterr() == first


def test_a_new_analyzer_keeps_only_the_last_few_cache_folders(tmp_path):
    from tensorlens.check.cache import FORMAT, KEPT_ANALYZERS

    versions = tmp_path / f"v{FORMAT}"
    for age in range(6):
        Cache(tmp_path, fingerprint=f"analyzer{age}").store("ab" + "0" * 38, ["TL101"], [], [])
        os.utime(versions / f"analyzer{age}" / MARKER, (1_000_000 - age, 1_000_000 - age))  # analyzer0 used last
    cache = Cache(tmp_path, fingerprint="current")
    cache.store("ab" + "0" * 38, ["TL101"], [], [])
    kept = sorted(p.name for p in versions.iterdir() if p.is_dir())
    assert kept == sorted(["current", *(f"analyzer{age}" for age in range(KEPT_ANALYZERS - 1))])
    again = Cache(tmp_path, fingerprint="current")  # an existing folder prunes nothing
    again.store("cd" + "0" * 38, ["TL101"], [], [])
    assert sorted(p.name for p in versions.iterdir() if p.is_dir()) == kept


def test_pruning_never_deletes_what_the_cache_did_not_create(tmp_path, project):
    """D3: TENSORLENS_CACHE_DIR names a folder that already holds a v1/ of someone else's: nothing of it goes,
    and no CACHEDIR.TAG is dropped into it."""
    from tensorlens.check.cache import FORMAT, KEPT_ANALYZERS

    root = tmp_path / "precious"
    versions = root / f"v{FORMAT}"
    theirs = [versions / f"backup-{n}" for n in range(KEPT_ANALYZERS + 2)]
    for folder in theirs:
        (folder / "ab").mkdir(parents=True)
        (folder / "ab" / "0123-456789abcdef.json").write_text("{}")  # even named like a cache entry
        os.utime(folder, (1_000, 1_000))
    for age in range(KEPT_ANALYZERS + 1):  # folders of the cache's own, one holding a file of someone else's
        Cache(root, fingerprint=f"old{age}").store("ab" + "0" * 38, ["TL101"], [], [])
        os.utime(versions / f"old{age}" / MARKER, (2_000 - age, 2_000 - age))
    (versions / f"old{KEPT_ANALYZERS}" / "ab" / "notes.txt").write_text("mine")
    result = run_tensorlens("check", "a.py", cwd=project, env={**os.environ, "TENSORLENS_CACHE_DIR": str(root)})
    assert result.returncode == 1
    assert all((folder / "ab" / "0123-456789abcdef.json").read_text() == "{}" for folder in theirs)
    assert not (root / "CACHEDIR.TAG").exists() and not (versions / "CACHEDIR.TAG").exists()
    survivors = sorted(p.name for p in versions.iterdir() if p.name.startswith("old"))
    # the oldest two were stale: old3 went whole, old4 kept only what is not the cache's
    assert survivors == ["old0", "old1", "old2", f"old{KEPT_ANALYZERS}"]
    assert sorted(p.name for p in (versions / f"old{KEPT_ANALYZERS}" / "ab").iterdir()) == [MARKER, "notes.txt"]


def test_a_deeply_nested_cache_entry_is_a_miss(project, private_cache):
    """C7: an entry nested far deeper than json can recurse is a miss, not a traceback."""
    cold = run_tensorlens("check", ".", "--format", "json", cwd=project)
    for entry in entries(private_cache):
        entry.write_text("[" * 100_000 + "]" * 100_000)
    warm = run_tensorlens("check", ".", "--format", "json", cwd=project)
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
