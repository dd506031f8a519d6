"""The real-bug corpus: load and validate its cases, and prove each one by running it (FORMAT.md).

A case is ``cases/<family>/<slug>/`` with ``case.toml``, ``bug/``, ``fixed/``
(and ``symptom.py`` for silent bugs). :func:`load_case` turns one folder into
a :class:`Case` or raises :class:`CaseError` listing every problem in it;
:func:`proof_problems` runs the bug and its fixed twin as FORMAT.md says and
returns what did not hold (nothing: the case is proven). The scorer
(``score.py``) and the tests (``test_realbugs.py``) are built on these two.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from cuda_rewrite import rewrite_cuda

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
PROOF_RUNNER = HERE / "proof_runner.py"
RUN_TIMEOUT_S = 60

# Rule code ranges of each family folder (FORMAT.md); TL40x: the shape family's codes as they are added.
FAMILY_CODES: dict[str, range] = {
    "autograd": range(101, 110),
    "silent": range(110, 115),
    "device": range(201, 205),
    "numpy": range(301, 303),
    "shapes": range(401, 410),
}
KINDS = ("github-issue", "github-pr", "forum", "stackoverflow")
PROOFS = ("raises", "symptom")
DEVICES = ("cpu", "meta")
REQUIRED_KEYS = ("source", "title", "kind", "entry", "rules", "proof", "device")
OPTIONAL_KEYS = ("error", "notes", "negative")
# On meta, PyTorch words the device errors its CUDA run raises differently; `error` is written for CUDA.
META_WORDINGS = (
    (re.compile(r"Tensor on device (\S+) is not on the expected device (\S+)!"),
     r"Expected all tensors to be on the same device, but found at least two devices, \2 and \1!"),
    (re.compile(r"can't convert meta device type tensor to numpy"), "can't convert cuda:0 device type tensor to numpy"),
)
MARKER = re.compile(r"#\s*expect:\s*(.*)$")
CODE = re.compile(r"TL\d{3}")


class CaseError(Exception):
    """A case folder that does not follow FORMAT.md; the message lists every problem found."""


@dataclass(frozen=True)
class Marker:
    """One expected finding: ``file`` is relative to ``bug/`` (posix), ``line`` is 1-based."""

    file: str
    line: int
    code: str


@dataclass(frozen=True)
class Case:
    """A validated case folder."""

    folder: Path
    family: str
    slug: str
    source: str
    title: str
    kind: str
    entry: str
    rules: tuple[str, ...]
    proof: str
    error: Optional[str]
    device: str
    notes: str
    negative: bool  # a correct look-alike: no marker, `rules` names the codes it resembles, any finding is false
    markers: frozenset[Marker]
    files: tuple[str, ...]  # the Python files of bug/ (and of fixed/), relative, posix

    @property
    def name(self) -> str:
        """``family/slug``: how reports and test ids name the case."""
        return f"{self.family}/{self.slug}"

    @property
    def bug_dir(self) -> Path:
        return self.folder / "bug"

    @property
    def fixed_dir(self) -> Path:
        return self.folder / "fixed"


def family_of(code: str) -> Optional[str]:
    """The family whose range holds ``code`` (``TL201`` -> ``device``); None for TL000 and unknown codes."""
    if not CODE.fullmatch(code):
        return None
    number = int(code[2:])
    return next((family for family, numbers in FAMILY_CODES.items() if number in numbers), None)


def case_folders(family: Optional[str] = None, root: Path = CASES) -> list[Path]:
    """Every folder two levels under ``root`` (``<family>/<slug>``), sorted; only ``family``'s if given."""
    if not root.is_dir():
        return []
    families = [root / family] if family else sorted(p for p in root.iterdir() if p.is_dir())
    return sorted(p for folder in families if folder.is_dir() for p in folder.iterdir()
                  if p.is_dir() and p.name != "__pycache__")


def load_case(folder: Path) -> Case:
    """Read and validate one case folder; :class:`CaseError` lists all that is wrong with it."""
    folder = Path(folder)
    name = f"{folder.parent.name}/{folder.name}"
    problems: list[str] = []
    config = _read_config(folder / "case.toml", problems)
    family = folder.parent.name
    if family not in FAMILY_CODES:
        problems.append(f"family folder {family!r} is not one of {', '.join(FAMILY_CODES)}")
    _check_config(config, problems)
    negative = config.get("negative", False) is True
    files = _check_twins(folder, config.get("entry"), problems, negative)
    markers = _read_markers(folder, files, problems)
    _check_rules(config, markers, family, problems, negative)
    proof = config.get("proof")
    if proof == "symptom" and not (folder / "symptom.py").is_file():
        problems.append("proof = \"symptom\" needs a symptom.py beside case.toml")
    if proof == "raises" and (folder / "symptom.py").exists():
        problems.append("symptom.py is only for proof = \"symptom\"")
    if problems:
        raise CaseError(f"{name}: " + "; ".join(problems))
    return Case(folder=folder, family=family, slug=folder.name, source=config["source"], title=config["title"],
                kind=config["kind"], entry=config["entry"], rules=tuple(config["rules"]), proof=config["proof"],
                error=config.get("error"), device=config["device"], notes=config.get("notes", ""),
                negative=negative, markers=frozenset(markers), files=tuple(files))


def _read_config(path: Path, problems: list[str]) -> dict:
    if not path.is_file():
        problems.append("no case.toml")
        return {}
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        problems.append(f"case.toml does not parse: {error}")
        return {}


def _check_config(config: dict, problems: list[str]) -> None:
    if not config:
        return
    for key in REQUIRED_KEYS:
        if key not in config:
            problems.append(f"case.toml lacks `{key}`")
    for key in config:
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            problems.append(f"case.toml has unknown key `{key}` (known: {', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)})")
    for key in ("source", "title", "entry", "error", "notes"):
        if key in config and not (isinstance(config[key], str) and config[key].strip()):
            problems.append(f"`{key}` must be a non-empty string")
    source = config.get("source")
    if isinstance(source, str) and not source.startswith("https://"):
        problems.append(f"`source` must be the https:// address of the public report, not {source!r}")
    _check_choice(config, "kind", KINDS, problems)
    _check_choice(config, "proof", PROOFS, problems)
    _check_choice(config, "device", DEVICES, problems)
    if config.get("proof") == "raises":
        if "error" not in config:
            problems.append("proof = \"raises\" needs `error` (a regex the bug run's output must match)")
        elif isinstance(config["error"], str):
            try:
                re.compile(config["error"])
            except re.error as error:
                problems.append(f"`error` is not a valid regex: {error}")
    elif config.get("proof") == "symptom" and "error" in config:
        problems.append("`error` is only for proof = \"raises\"")
    if "negative" in config and not isinstance(config["negative"], bool):
        problems.append("`negative` must be true or false")
    if config.get("negative") is True and config.get("proof") != "symptom":
        problems.append("a negative case proves with proof = \"symptom\" (symptom.py shows both sides run clean)")
    rules = config.get("rules")
    if "rules" in config and not (isinstance(rules, list) and rules and all(isinstance(r, str) for r in rules)):
        problems.append("`rules` must be a non-empty list of codes, e.g. [\"TL201\"]")


def _check_choice(config: dict, key: str, choices: tuple[str, ...], problems: list[str]) -> None:
    if key in config and config[key] not in choices:
        problems.append(f"`{key}` is {config[key]!r}, not one of {', '.join(choices)}")


def _python_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _check_twins(folder: Path, entry: object, problems: list[str], negative: bool = False) -> list[str]:
    """The bug/ files (relative); bug/ and fixed/ must hold the same Python files, the entry, and differ
    (a negative case's twins may be identical: there is nothing to repair)."""
    bug, fixed = folder / "bug", folder / "fixed"
    for side in (bug, fixed):
        if not side.is_dir():
            problems.append(f"no {side.name}/ folder")
    if problems and not (bug.is_dir() and fixed.is_dir()):
        return _python_files(bug) if bug.is_dir() else []
    bug_files, fixed_files = _python_files(bug), _python_files(fixed)
    if bug_files != fixed_files:
        only_bug = sorted(set(bug_files) - set(fixed_files))
        only_fixed = sorted(set(fixed_files) - set(bug_files))
        problems.append(f"bug/ and fixed/ must hold the same Python files (only in bug/: {only_bug}, "
                        f"only in fixed/: {only_fixed})")
    if not bug_files:
        problems.append("bug/ holds no Python file")
    if isinstance(entry, str) and entry not in bug_files:
        problems.append(f"entry {entry!r} is not a Python file of bug/ ({', '.join(bug_files) or 'none'})")
    if not negative and bug_files == fixed_files and \
            all((bug / f).read_bytes() == (fixed / f).read_bytes() for f in bug_files):
        problems.append("fixed/ is identical to bug/: the fixed twin must repair the bug")
    return bug_files


def _read_markers(folder: Path, files: list[str], problems: list[str]) -> set[Marker]:
    markers: set[Marker] = set()
    for side in ("bug", "fixed"):
        for relative in files:
            path = folder / side / relative
            if not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                problems.append(f"{side}/{relative} is not UTF-8")
                continue
            for number, line in enumerate(text.splitlines(), start=1):
                match = MARKER.search(line)
                if not match:
                    continue
                where = f"{side}/{relative}:{number}"
                if side == "fixed":
                    problems.append(f"{where} carries an expect marker: fixed/ must have none")
                    continue
                codes = [c.strip() for c in match.group(1).split(",")]
                for code in codes:
                    if not CODE.fullmatch(code):
                        problems.append(f"{where}: marker `{match.group(0)}` must read `# expect: TL201` "
                                        "or `# expect: TL201, TL202`")
                        break
                    markers.add(Marker(relative, number, code))
    return markers


def _check_rules(config: dict, markers: set[Marker], family: str, problems: list[str], negative: bool = False) -> None:
    rules = config.get("rules")
    if not isinstance(rules, list):
        return
    labelled = {marker.code for marker in markers}
    for code in rules:
        if family_of(code) is None:
            problems.append(f"`rules` holds {code!r}, not a code of any family")
    if family in FAMILY_CODES and not any(family_of(code) == family for code in rules):
        problems.append(f"a case of {family}/ must name at least one {family} code")
    if negative:
        if markers:
            problems.append("a negative case has no `# expect:` marker: any finding on it is false")
        return
    if not markers:
        problems.append("bug/ has no `# expect: TLnnn` marker")
    if set(rules) != labelled:
        problems.append(f"`rules` {sorted(set(rules))} must equal the codes of bug/'s markers {sorted(labelled)}")


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["CUDA_VISIBLE_DEVICES"] = ""  # the rewrite decides where tensors go, not the machine
    # Proofs run beside each other under pytest -n: one thread each keeps them from fighting over cores.
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("MKL_NUM_THREADS", "1")
    return env


def prepare_copies(case: Case, workspace: Path) -> tuple[Path, Path]:
    """Copy bug/ and fixed/ under ``workspace`` with CUDA rewritten as FORMAT.md says; the two copies."""
    targets = {"bug": "meta" if case.device == "meta" else "cpu", "fixed": "cpu"}
    copies = []
    for side, target in targets.items():
        copy = workspace / side
        shutil.copytree(case.folder / side, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for relative in case.files:
            path = copy / relative
            path.write_text(rewrite_cuda(path.read_text(encoding="utf-8"), target), encoding="utf-8")
        copies.append(copy)
    return copies[0], copies[1]


def proof_problems(case: Case, timeout_s: float = RUN_TIMEOUT_S) -> list[str]:
    """Run the case as FORMAT.md says; what did not hold (an empty list: the bug is proven)."""
    with tempfile.TemporaryDirectory(prefix=f"realbug-{case.slug}-") as scratch:
        # Two folders down, so a program's sys.path.insert(0, '../..') stays inside the scratch folder
        # instead of reaching whatever lies in the temp directory.
        workspace = Path(scratch) / "run" / case.slug
        workspace.mkdir(parents=True)
        bug, fixed = prepare_copies(case, workspace)
        if case.proof == "symptom":
            return _symptom_problems(case, workspace, bug, fixed, timeout_s)
        return _raises_problems(case, workspace, bug, fixed, timeout_s)


def _raises_problems(case: Case, workspace: Path, bug: Path, fixed: Path, timeout_s: float) -> list[str]:
    result_path = workspace / "result.json"
    command = [sys.executable, str(PROOF_RUNNER), str(result_path), str(timeout_s), case.entry, str(bug), str(fixed)]
    started = subprocess.run(command, cwd=workspace, env=_environment(), capture_output=True, text=True,
                             timeout=2 * timeout_s + 60)
    if started.returncode != 0 or not result_path.is_file():
        return [f"the proof runner failed (exit {started.returncode}):\n{_tail(started.stdout + started.stderr)}"]
    runs = json.loads(result_path.read_text(encoding="utf-8"))
    bug_run, fixed_run = runs[str(bug)], runs[str(fixed)]
    problems = []
    device = f"CUDA as {'meta' if case.device == 'meta' else 'cpu'}"
    if bug_run["exit_code"] is None:
        problems.append(f"bug/{case.entry} ({device}) ran past {timeout_s:g} s")
    elif bug_run["exit_code"] == 0:
        problems.append(f"bug/{case.entry} ({device}) exited 0: the bug did not show\n{_tail(bug_run['output'])}")
    elif not re.search(case.error, _with_cuda_wording(bug_run["output"], case.device)):
        problems.append(f"bug/{case.entry} ({device}) failed, but its output does not match `error` "
                        f"{case.error!r}\n{_tail(bug_run['output'])}")
    if fixed_run["exit_code"] is None:
        problems.append(f"fixed/{case.entry} (CUDA as cpu) ran past {timeout_s:g} s")
    elif fixed_run["exit_code"] != 0:
        problems.append(f"fixed/{case.entry} (CUDA as cpu) exited {fixed_run['exit_code']}\n"
                        f"{_tail(fixed_run['output'])}")
    return problems


def _symptom_problems(case: Case, workspace: Path, bug: Path, fixed: Path, timeout_s: float) -> list[str]:
    shutil.copy(case.folder / "symptom.py", workspace / "symptom.py")
    command = [sys.executable, "symptom.py", str(bug), str(fixed)]
    try:
        run = subprocess.run(command, cwd=workspace, env=_environment(), capture_output=True, text=True,
                             timeout=2 * timeout_s)  # it runs both sides
    except subprocess.TimeoutExpired:
        return [f"symptom.py ran past {2 * timeout_s:g} s"]
    if run.returncode != 0:
        return [f"symptom.py exited {run.returncode}: the symptom was not shown\n{_tail(run.stdout + run.stderr)}"]
    return []


def _with_cuda_wording(output: str, device: str) -> str:
    """The run's output, plus (on meta) each device error again as CUDA words it, so `error` can be CUDA's."""
    if device != "meta":
        return output
    worded = [pattern.sub(cuda, match.group(0)).replace("meta", "cuda:0")
              for pattern, cuda in META_WORDINGS for match in pattern.finditer(output)]
    return "\n".join([output, *worded])


def _tail(output: str, lines: int = 25) -> str:
    kept = output.rstrip().splitlines()[-lines:]
    return "\n".join("    | " + line for line in kept)
