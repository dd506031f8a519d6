"""The monitor: a ``TorchFunctionMode`` that sees every torch call of the program.

It owns the facts about live tensors (origins, numpy shares) and hands each
call, classified once by ``ops.classify``, to the checks that care about it.
Checks run before the call (so a finding precedes PyTorch's own error) and
after it (to record what the call created). A failure inside a check is an
internal error: it is reported once and that call goes on unchecked; the
program's own exceptions always pass through untouched.

Only the outermost torch call is seen: while ``__torch_function__`` runs,
PyTorch pops the mode, so ``F.cross_entropy``'s inner ops are not re-checked.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import torch
from torch.overrides import TorchFunctionMode

from tensorlens.runtime.sanitizer.accumulation import AccumulationCheck
from tensorlens.runtime.sanitizer.activation_loss import ActivationBeforeLossCheck
from tensorlens.runtime.sanitizer.backward_twice import BackwardTwiceCheck
from tensorlens.runtime.sanitizer.device_mix import DeviceMixCheck, scan
from tensorlens.runtime.sanitizer.eval_mode import EvalModeCheck
from tensorlens.runtime.sanitizer.leaf_write import LeafWriteCheck
from tensorlens.runtime.sanitizer.nonfinite import NonfiniteCheck
from tensorlens.runtime.sanitizer.numpy_export import NumpyExportCheck
from tensorlens.runtime.sanitizer.numpy_sharing import NumpySharing
from tensorlens.runtime.sanitizer.ops import OpKind, OpTraits, classify
from tensorlens.runtime.sanitizer.shape_errors import ShapeErrorCheck
from tensorlens.runtime.sanitizer.state import RunState
from tensorlens.runtime.sanitizer.step_grads import StepGradCheck

_Tensor = torch.Tensor
_grad_enabled = torch.is_grad_enabled
_NO_KWARGS: dict[str, Any] = {}  # shared, never written: handlers only read kwargs
_NOTHING_SHARED: list[Any] = []  # likewise


class InternalErrors:
    """``with guard:`` around a check: an exception in it is reported once, then swallowed,
    so a bug in the sanitizer never becomes the program's bug. (The hot handlers use a
    plain ``try`` instead: entering a Python context manager costs more than the check.)"""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __enter__(self) -> InternalErrors:
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
        if kind is None or not issubclass(kind, Exception):
            return False  # SanitizerStop (a BaseException) must reach the runner
        self.record(exc)
        return True

    def record(self, exc: BaseException) -> None:
        """Say once on stderr that a check failed (the program goes on unchecked there)."""
        text = f"{type(exc).__name__}: {exc}"
        if text not in self.seen:
            self.seen.append(text)
            sys.stderr.write(f"tensorlens: internal error in the sanitizer (call left unchecked): {text}\n")


def _in_module_apply(frame: Any) -> bool:
    # Module.to/.cuda()/.half() all funnel into Module._apply
    while frame is not None:
        if frame.f_code.co_name == "_apply" and "torch" in frame.f_code.co_filename:
            return True
        frame = frame.f_back
    return False


class Monitor(TorchFunctionMode):
    """Checks each torch call against the runtime rules; use as a context manager."""

    def __init__(self, state: RunState, nonfinite: bool = False) -> None:
        super().__init__()
        self.state = state
        self.nonfinite = NonfiniteCheck(state) if nonfinite else None
        self.devices = DeviceMixCheck(state, _Tensor)
        self.leaves = LeafWriteCheck(state, torch)
        self.exports = NumpyExportCheck(state)
        self.sharing = NumpySharing(state, _Tensor)
        self.backwards = BackwardTwiceCheck(state, _Tensor)
        self.accumulation = AccumulationCheck(state, _Tensor)
        self.shapes = ShapeErrorCheck(state)
        self.activations = ActivationBeforeLossCheck(state)
        self.steps: StepGradCheck | None = None  # set by watching(), which knows the sampler
        self.eval_mode: EvalModeCheck | None = None  # likewise
        self._guard = self.guard = InternalErrors()
        self._shares = self.sharing.shares
        self._dispatch: dict[Any, tuple[Callable[..., Any] | None, OpTraits]] = {}
        self._handlers: dict[OpKind, Callable[..., Any]] = {
            OpKind.GENERIC: self._generic,
            OpKind.INPLACE: self._inplace,
            OpKind.FACTORY: self._factory,
            OpKind.MOVER: self._mover,
            OpKind.NUMPY_EXPORT: self._numpy_export,
            OpKind.BACKWARD: self._backward,
            OpKind.DATA_SET: self._data_set,
        }

    def __torch_function__(self, func: Any, types: Any, args: tuple[Any, ...] = (),
                           kwargs: dict[str, Any] | None = None) -> Any:
        try:
            route = self._dispatch.get(func)
        except TypeError:  # an unhashable callable: classified on every call
            route = (self._handlers.get(classify(func).kind), classify(func))
        if route is None:
            traits = classify(func)
            route = self._dispatch[func] = (self._handlers.get(traits.kind), traits)
        handler, traits = route
        if handler is None:  # OpKind.PASS
            return func(*args, **kwargs) if kwargs else func(*args)
        return handler(traits, func, args, kwargs or _NO_KWARGS)

    def finish(self) -> None:
        """The program has ended: report what only its end decides (a last evaluation in training mode)."""
        if self.eval_mode is not None:
            with self._guard:
                self.eval_mode.finish()

    def _internal(self, exc: Exception) -> None:
        self._guard.record(exc)

    def _op_failed(self, traits: OpTraits, args: tuple[Any, ...], kwargs: dict[str, Any],
                   error: Exception) -> None:
        try:
            self.shapes.op_raised(traits, args, kwargs, error)
        except Exception as exc:
            self._internal(exc)

    # -- handlers: check before, call, record after ---------------------------------

    def _generic(self, traits: OpTraits, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        first = None
        written = _NOTHING_SHARED
        try:
            first, mixed = scan(args, kwargs, _Tensor)
            if mixed and not traits.mixes_devices:
                self.devices.before_op(traits, func, args, kwargs)
            if self._shares:
                self.sharing.before_read(traits, args, kwargs)
            if traits.loss is not None:
                self.activations.before_loss(traits.loss, traits.name, args, kwargs)
            if "out" in kwargs or kwargs.get("inplace") is True:
                # `torch.add(a, b, out=w)` and `F.relu(x, inplace=True)` are writes too
                target = kwargs.get("out", args[0] if args else None)
                written = self._before_write(traits, target if type(target) is tuple else (target,))
        except Exception as exc:
            self._internal(exc)
        try:
            result = func(*args, **kwargs)
        except Exception as exc:  # free until raised (3.11+): a shape error gets its operands named
            self._op_failed(traits, args, kwargs, exc)
            raise
        if first is not None:
            try:
                if written:
                    self.sharing.after_write(written)
                self._inherit_origin(first, result, traits.name)
                if traits.accumulates:
                    self.accumulation.after_op(traits, args, result)
                if self.nonfinite is not None:
                    self.nonfinite.after_op(traits, args, kwargs, result)
            except Exception as exc:
                self._internal(exc)
        return result

    def _backward(self, traits: OpTraits, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if self.nonfinite is not None:
            with self._guard:
                self.nonfinite.before_backward(args, kwargs)
        result = self.backwards.run(traits, func, args, kwargs)
        if self.steps is not None and traits.name != "torch.autograd.grad()":  # grad() fills no .grad
            with self._guard:
                self.steps.backward_ran()
        return result

    def _inherit_origin(self, first: Any, result: Any, op: str | None = None) -> None:
        origin = self.state.origins.get(first)
        if origin is None:
            return
        frame = self.state.frames.find() if op is not None else None
        if frame is not None and op is not None:  # the output's shape comes from this op, at this line
            origin = origin.made_here(op, self.state.frames.display_path(frame.f_code.co_filename),
                                      frame.f_lineno)
        else:
            origin = origin.passed_on()
        if isinstance(result, _Tensor):
            if result is not first:
                self.state.origins.set(result, origin)
        elif isinstance(result, tuple):  # lstm, max, sort (torch.return_types are tuples)
            for item in result:
                if isinstance(item, _Tensor):
                    self.state.origins.set(item, origin)

    def _before_write(self, traits: OpTraits, targets: Any) -> list[Any]:
        """Checks for a write into ``targets``; returns the numpy shares it will change."""
        if _grad_enabled():
            self.leaves.before_write(traits, targets)
        if self._shares:
            return self.sharing.before_write(traits, targets)
        return _NOTHING_SHARED

    def _inplace(self, traits: OpTraits, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        written = _NOTHING_SHARED
        try:
            if args:
                written = self._before_write(traits, args[0] if traits.writes_list else (args[0],))
            if not traits.mixes_devices:
                _first, mixed = scan(args, kwargs, _Tensor)
                if mixed:
                    self.devices.before_op(traits, func, args, kwargs)
            if self._shares:
                self.sharing.before_read(traits, args, kwargs)
        except Exception as exc:
            self._internal(exc)
        try:
            result = func(*args, **kwargs)
        except Exception as exc:
            self._op_failed(traits, args, kwargs, exc)
            raise
        try:
            if written:
                self.sharing.after_write(written)
            if traits.accumulates and _grad_enabled():
                self.accumulation.after_op(traits, args, result)
            if self.nonfinite is not None:
                self.nonfinite.after_op(traits, args, kwargs, result)
        except Exception as exc:
            self._internal(exc)
        return result

    def _factory(self, traits: OpTraits, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        result = func(*args, **kwargs)
        with self._guard:
            if isinstance(result, _Tensor):
                origin = self.state.origin_here("created")
                if origin is not None:
                    self.state.origins.set(result, origin)
                if func.__name__ in ("as_tensor", "asarray"):  # these share a numpy array's memory
                    source = args[0] if args else kwargs.get("data")
                    self.sharing.shared_if_aliased(result, source, f"`{traits.name}`", holds_array=True)
        return result

    def _mover(self, traits: OpTraits, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        result = func(*args, **kwargs)
        with self._guard:
            source = args[0] if args else None
            if isinstance(result, _Tensor) and isinstance(source, _Tensor) and result is not source:
                if result.device == source.device:  # a dtype conversion keeps the device's origin
                    self._inherit_origin(source, result)
                    return result
                origin = self.state.origin_here(f"moved to {result.device}")
                if origin is not None:
                    self.state.origins.set(result, origin)
                    if _in_module_apply(sys._getframe()):
                        self.state.origins.record_module_move(result, origin)
        return result

    def _numpy_export(self, traits: OpTraits, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        tensor = args[0]
        with self._guard:
            self.exports.before_export(traits, tensor, args, kwargs)
        result = func(*args, **kwargs)
        with self._guard:
            # the array keeps the tensor alive, not the other way round
            self.sharing.shared_if_aliased(tensor, result, f"`{traits.name}`", holds_array=False)
        return result

    def _data_set(self, traits: OpTraits, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        result = func(*args, **kwargs)
        with self._guard:
            # `param.data = moved` (Module.to on compatible devices): the parameter now has the
            # moved tensor's device, so it takes the moved tensor's origin
            origin = self.state.origins.get(args[1])
            if origin is not None:
                self.state.origins.set(args[0], origin)
        return result

    # -- entry points that no __torch_function__ call reaches --------------------------

    def from_numpy(self, original: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """``torch.from_numpy`` is not overridable (it takes no tensor), so it is wrapped."""

        @functools.wraps(original)
        def from_numpy(array: Any) -> Any:
            result = original(array)
            with self._guard:
                origin = self.state.origin_here("created from numpy")
                if origin is not None:
                    self.state.origins.set(result, origin)
                self.sharing.shared(result, array, "`torch.from_numpy()`", holds_array=True)
            return result

        return from_numpy

    def parameter_registered(self, module: Any, name: str, param: Any) -> None:
        """``register_module_parameter_registration_hook``: a parameter's origin is its module's
        construction line (``nn.Parameter`` makes a new tensor object no mode call sees)."""
        with self._guard:
            if param is not None and self.state.origins.get(param) is None:
                origin = self.state.origin_here("created")
                if origin is not None:
                    self.state.origins.set(param, origin)
