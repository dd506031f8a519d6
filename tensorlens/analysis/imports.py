"""Facts across the project's own modules: what an importer may use of a module the project defines.

The engine analyzes one file at a time; a file that imports a module of the
same project (``from model import Net``, ``from .utils import train_step``,
``import data as D``) asks an :class:`ImportResolver` for that module's
:class:`ModuleSummary`: its names as the module ends (classes, functions,
globals with their facts), its class models and function definitions, and
where its nodes are, for messages. The resolver (``tensorlens.check``) finds
the module's file, analyzes it the same way (once per process) and breaks
import cycles by answering None for a module still being analyzed. Third-party
and standard-library modules are never resolved: they stay unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Protocol

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.outside_writes import attributes_set_from_outside
from tensorlens.analysis.state import State


@dataclass(eq=False)
class ModuleSummary:
    """What a project module offers its importers: its final names, classes and functions."""

    name: str  # the dotted module name (``pkg.model``)
    path: str  # the file, as messages name it
    module: cst.Module  # kept alive: the class models and functions below are its nodes
    state: State  # the module's names as the module ends
    classes: dict[str, ClassModel] = field(default_factory=dict)
    functions: dict[int, cst.FunctionDef] = field(default_factory=dict)
    is_package: bool = False  # an ``__init__.py``: relative imports start from the module itself
    # The project modules it imported: a name it re-exports (``from .model import Net`` in ``__init__.py``) is
    # one of theirs, and an importer adopts them too.
    imported: tuple[ModuleSummary, ...] = ()
    may_freeze: bool = False  # its text turns requires_grad off somewhere
    star_modules: tuple[str, ...] = ()  # the project modules it star-imports, looked up name by name
    source: str = ""  # the text ``module`` was parsed from (a check of the same text reuses the parse)
    _positions: Optional[dict[cst.CSTNode, CodeRange]] = field(default=None, repr=False)
    _set_from_outside: Optional[frozenset[str]] = field(default=None, repr=False)

    def sets_from_outside(self, attr: str) -> bool:
        """Does the module set ``attr`` on an object other than ``self`` (or call ``setattr``)? Found once per
        summary: every importer asks."""
        if self.source and attr not in self.source and "setattr" not in self.source:
            return False
        if self._set_from_outside is None:
            self._set_from_outside = attributes_set_from_outside(self.module)
        return attr in self._set_from_outside or "*" in self._set_from_outside

    def range_of(self, node: cst.CSTNode) -> Optional[CodeRange]:
        """Where one of this module's nodes is (positions resolved on first need); None for another's node."""
        if self._positions is None:
            self._positions = dict(MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider))
        return self._positions.get(node)


class ImportResolver(Protocol):
    """How the engine reaches the project's other modules (implemented by ``tensorlens.check.imports``)."""

    def summary(self, module: str) -> Optional[ModuleSummary]:
        """The summary of the project module named ``module`` (absolute, dotted); None for a module that is not
        the project's, cannot be read, or is being analyzed (an import cycle)."""




class LineNumber(int):
    """A line number that may be in another file: formats as ``12 in model.py`` there, ``12`` here."""

    path: Optional[str]

    def __new__(cls, line: int, path: Optional[str] = None) -> LineNumber:
        number = super().__new__(cls, line)
        number.path = path
        return number

    def __str__(self) -> str:
        return f"{int(self)} in {self.path}" if self.path else str(int(self))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec) if not spec or spec.endswith("s") else format(int(self), spec)
