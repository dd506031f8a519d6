"""The reviewed baseline: one TOML file per project, one ``[[finding]]`` per finding.

Each entry holds a finding's key (see ``findings.py``), a verdict and a reason:
``verdict = "true"`` when the finding is right (an error PyTorch really raises or a
silently wrong result; for a warning, code worth changing), ``"false"`` when it is not,
``"unreviewed"`` for a stub the review mode appended and nobody has judged yet.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import tomllib

from .findings import FindingKey

VERDICTS = ("true", "false", "unreviewed")
FIELDS = ("path", "code", "text", "occurrence", "rank", "verdict", "reason")

HEADER = """\
# TensorLens ecosystem baseline for {name}: every finding of `tensorlens check` on the
# pinned version (tests/ecosystem/projects.toml), judged by a person who read the code.
# verdict: "true" (real bug, or a warning worth acting on), "false", or "unreviewed" (a stub).
# Keyed by path, code, text (the flagged line, whitespace collapsed), occurrence and rank: README "Ecosystem".
"""


class BaselineError(Exception):
    """A baseline file that cannot be read as one."""


@dataclass(frozen=True)
class BaselineEntry:
    """One judged (or still unjudged) finding."""

    key: FindingKey
    verdict: str
    reason: str

    @property
    def reviewed(self) -> bool:
        return self.verdict != "unreviewed"


@dataclass
class BaselineDiff:
    """A run against its baseline: what is new, what vanished, what is still there."""

    new: list[FindingKey] = field(default_factory=list)  # found, and absent from the baseline or unreviewed
    vanished_true: list[BaselineEntry] = field(default_factory=list)  # a real bug no longer found
    fixed: list[BaselineEntry] = field(default_factory=list)  # a false positive no longer found
    found_true: list[BaselineEntry] = field(default_factory=list)
    found_false: list[BaselineEntry] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.new or self.vanished_true)


def baseline_path(folder: Path, project_name: str) -> Path:
    """Where a project's baseline lives: ``<folder>/<project name>.toml``."""
    return folder / f"{project_name}.toml"


def load_baseline(path: Path) -> dict[FindingKey, BaselineEntry]:
    """The entries of one baseline file by key; a missing file is an empty baseline."""
    if not path.exists():
        return {}
    try:
        with open(path, "rb") as handle:
            tables = tomllib.load(handle).get("finding", [])
    except tomllib.TOMLDecodeError as error:
        raise BaselineError(f"{path}: {error}") from None
    entries: dict[FindingKey, BaselineEntry] = {}
    for number, table in enumerate(tables, start=1):
        where = f"{path}: finding {number}"
        if set(table) != set(FIELDS):
            raise BaselineError(f"{where}: needs exactly the fields {', '.join(FIELDS)}")
        if table["verdict"] not in VERDICTS:
            raise BaselineError(f"{where}: verdict must be one of {', '.join(VERDICTS)}")
        if table["verdict"] != "unreviewed" and not table["reason"].strip():
            raise BaselineError(f"{where}: a verdict needs its one-line reason")
        key = FindingKey(table["path"], table["code"], table["text"], table["occurrence"], table["rank"])
        if key in entries:
            raise BaselineError(f"{where}: the same finding is listed twice")
        entries[key] = BaselineEntry(key, table["verdict"], table["reason"])
    return entries


def compare(found: set[FindingKey], baseline: dict[FindingKey, BaselineEntry]) -> BaselineDiff:
    """Sort the findings of a run against the baseline (every list in key order)."""
    diff = BaselineDiff()
    for key in sorted(found):
        entry = baseline.get(key)
        if entry is None or not entry.reviewed:
            diff.new.append(key)
        elif entry.verdict == "true":
            diff.found_true.append(entry)
        else:
            diff.found_false.append(entry)
    for key in sorted(baseline.keys() - found):
        entry = baseline[key]
        if entry.verdict == "true":
            diff.vanished_true.append(entry)
        elif entry.verdict == "false":
            diff.fixed.append(entry)
    return diff


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but for DEL, which TOML also wants escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def render_entry(entry: BaselineEntry) -> str:
    """One ``[[finding]]`` table, preceded by a blank line."""
    key = entry.key
    return (f"\n[[finding]]\npath = {toml_string(key.path)}\ncode = {toml_string(key.code)}\n"
            f"text = {toml_string(key.text)}\noccurrence = {key.occurrence}\nrank = {key.rank}\n"
            f"verdict = {toml_string(entry.verdict)}\nreason = {toml_string(entry.reason)}\n")


def append_stubs(path: Path, project_name: str, keys: list[FindingKey]) -> None:
    """Add an ``unreviewed`` entry per key at the end of the file (created with its header if missing)."""
    text = "" if path.exists() else HEADER.format(name=project_name)
    text += "".join(render_entry(BaselineEntry(key, "unreviewed", "")) for key in keys)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def rewrite(path: Path, project_name: str, entries: list[BaselineEntry]) -> None:
    """Write the file anew with ``entries`` in the given order (pruning drops the fixed ones)."""
    path.write_text(HEADER.format(name=project_name) + "".join(render_entry(e) for e in entries), encoding="utf-8")
