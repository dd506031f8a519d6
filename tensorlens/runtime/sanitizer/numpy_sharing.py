"""TL301 numpy-shared-mutation: torch and numpy writing the same memory.

``torch.from_numpy(a)``, ``torch.as_tensor(a)``, ``t.numpy()`` and
``np.asarray(t)`` share memory. Each share is kept by the tensor's storage
address, with a weak reference to the array, and two things are reported:

- a torch in-place write into such storage while the user still holds the
  array (it changes under them);
- a read, by a torch op, of such storage after numpy changed it. numpy has no
  write hook, so the array is compared against a fingerprint taken at the
  share and after each torch write: all bytes of a small array, evenly spaced
  sampled elements of a large one (a change elsewhere can go unseen, and the
  message says so).
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tensorlens.runtime.sanitizer.describe import describe, name_in_frame, op_text
from tensorlens.runtime.sanitizer.ops import OpTraits
from tensorlens.runtime.sanitizer.origins import Origin
from tensorlens.runtime.sanitizer.state import RunState

_WHOLE_BYTES = 1 << 16  # arrays up to 64 KiB are fingerprinted whole
_SAMPLES = 1024


def fingerprint(array: Any) -> int:
    """A cheap hash of ``array``'s values: whole when small, sampled when large."""
    if array.nbytes <= _WHOLE_BYTES:
        return hash(array.tobytes())
    import numpy

    size = array.size
    picks = numpy.linspace(0, size - 1, _SAMPLES, dtype=numpy.int64)
    return hash(array.flat[picks].tobytes())


def _is_sampled(array: Any) -> bool:
    return bool(array.nbytes > _WHOLE_BYTES)


@dataclass
class _Share:
    key: int  # the memory's address, its key in NumpySharing.shares
    array: weakref.ref[Any]
    how: str  # "`torch.from_numpy()`", "`.numpy()`"
    origin: Origin | None
    storage_holds_array: bool  # from_numpy keeps the array alive itself
    # per torch storage over this memory (from_numpy twice gives two): the
    # array's fingerprint when that storage last saw it change through torch
    fingerprints: dict[int, int]
    # from_numpy/as_tensor outputs still alive (a view keeps its base alive); when
    # the last goes, torch can no longer read the memory and the share is dropped,
    # so a numpy dataset collated by a DataLoader does not slow every later op
    tensors: list[weakref.ref[Any]]

    def user_array(self) -> Any:
        """The array if someone besides the tensor's storage still holds it, else None."""
        array = self.array()
        if array is None:
            return None
        # references: the storage (when it holds the array), this local, getrefcount's argument
        floor = 3 if self.storage_holds_array else 2
        return array if sys.getrefcount(array) > floor else None


class NumpySharing:
    """Tracks torch/numpy shared memory and reports TL301."""

    def __init__(self, state: RunState, tensor_type: type[Any]) -> None:
        self._state = state
        self._tensor_type = tensor_type
        # keyed by the memory's address: unique while the array lives, and the
        # entry goes when the array does. Empty means reads and writes cost nothing,
        # so the monitor tests this dict itself on its hot path.
        self.shares: dict[int, _Share] = {}

    def shared_if_aliased(self, tensor: Any, array: Any, how: str, holds_array: bool) -> None:
        """``shared()``, when ``array`` is a numpy array over ``tensor``'s memory.

        ``torch.as_tensor(a)`` shares unless it had to convert; ``t.numpy()`` always
        shares, ``np.asarray(t, dtype=other)`` does not.
        """
        if type(array).__module__ != "numpy" or not isinstance(tensor, self._tensor_type):
            return
        if tensor.is_cpu and tensor.numel() > 0 and tensor.data_ptr() == array.__array_interface__["data"][0]:
            self.shared(tensor, array, how, holds_array)

    def shared(self, tensor: Any, array: Any, how: str, holds_array: bool) -> None:
        """``tensor`` and ``array`` now share memory (made by ``how`` at the current line);
        ``holds_array``: the tensor's storage keeps the array alive (``from_numpy``)."""
        if not tensor.is_cpu or tensor.numel() == 0:
            return
        storage = tensor.untyped_storage()
        key = storage.data_ptr()
        if key == 0:
            return
        share = self.shares.get(key)
        if share is None or share.array() is not array:
            def array_gone(ref: weakref.ref[Any], key: int = key) -> None:
                if (found := self.shares.get(key)) is not None and found.array is ref:
                    del self.shares[key]

            share = self.shares[key] = _Share(key, weakref.ref(array, array_gone), how,
                                              self._state.origin_here(how), holds_array, {}, [])
        share.fingerprints[storage._cdata] = fingerprint(array)
        if holds_array:
            def tensor_gone(ref: weakref.ref[Any], key: int = key, share: _Share = share) -> None:
                if ref in share.tensors:
                    share.tensors.remove(ref)
                if not share.tensors and self.shares.get(key) is share:
                    del self.shares[key]

            share.tensors.append(weakref.ref(tensor, tensor_gone))

    def _share_of(self, tensor: Any) -> tuple[int, _Share] | None:
        if not (isinstance(tensor, self._tensor_type) and tensor.is_cpu):
            return None
        try:
            storage = tensor.untyped_storage()
        except Exception:  # sparse and other layouts without one storage
            return None
        share = self.shares.get(storage.data_ptr())
        return None if share is None else (storage._cdata, share)

    def before_read(self, traits: OpTraits, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """A torch op is about to read its arguments: did numpy change any of them?

        Runs on every op while a share is alive, so it walks the arguments itself
        (top level and one list deep) instead of building a list of tensors.
        """
        for group in (args, kwargs.values()) if kwargs else (args,):
            for arg in group:
                for item in arg if type(arg) in (list, tuple) else (arg,):
                    found = self._share_of(item)
                    if found is not None:
                        self._check_read(traits, item, *found)

    def _check_read(self, traits: OpTraits, tensor: Any, storage_id: int, share: _Share) -> None:
        array = share.array()
        if array is None:
            return
        now = fingerprint(array)
        seen = share.fingerprints.setdefault(storage_id, now)
        if now != seen:
            share.fingerprints[storage_id] = now
            self._report_numpy_write(traits, tensor, share, array)
        del array  # user_array() counts references: ours must be gone
        if share.storage_holds_array and share.user_array() is None:
            # only the tensor's storage still holds the array: numpy code can no
            # longer change it (a new handle would come through .numpy(), which is
            # seen), so reads of this memory need no more checking
            if self.shares.get(share.key) is share:
                del self.shares[share.key]

    def before_write(self, traits: OpTraits, targets: Iterable[Any]) -> list[_Share]:
        """A torch op is about to write into ``targets``: does a live array share them?

        Returns the shares written, for ``after_write``.
        """
        written = []
        for tensor in targets:
            found = self._share_of(tensor)
            if found is None:
                continue
            share = found[1]
            written.append(share)
            array = share.user_array()
            if array is not None:
                self._report_torch_write(traits, tensor, share, array)
        return written

    @staticmethod
    def after_write(written: list[_Share]) -> None:
        """A torch write is not a numpy write: every storage over that memory saw it."""
        for share in written:
            array = share.array()
            if array is not None:
                now = fingerprint(array)
                for storage_id in share.fingerprints:
                    share.fingerprints[storage_id] = now

    def _names(self, tensor: Any, array: Any) -> tuple[Any, str, str]:
        frame = self._state.frames.find()
        tensor_text = describe(tensor, name_in_frame(frame, tensor),
                               self._state.origins.get(tensor), "a tensor")
        array_name = name_in_frame(frame, array)
        array_text = f"numpy array `{array_name}`" if array_name else "a numpy array"
        return frame, tensor_text, array_text

    def _report_torch_write(self, traits: OpTraits, tensor: Any, share: _Share, array: Any) -> None:
        frame, tensor_text, array_text = self._names(tensor, array)
        since = f" (shared since {share.how} at {share.origin.path}:{share.origin.line})" \
            if share.origin else ""
        fix = ("copy the array into torch with `torch.tensor(...)`" if share.storage_holds_array
               else "keep a copy with `.numpy().copy()`")
        self._state.report("TL301", frame, lambda: (
            f"in-place `{op_text(traits.name, frame)}` on {tensor_text} also changes {array_text}, which shares "
            f"its memory{since}; if they must differ, {fix}"))

    def _report_numpy_write(self, traits: OpTraits, tensor: Any, share: _Share, array: Any) -> None:
        frame, tensor_text, array_text = self._names(tensor, array)
        since = f" since {share.how} at {share.origin.path}:{share.origin.line}" \
            if share.origin else ""
        how_seen = ("a fingerprint of sampled elements (numpy has no write hook; changes to "
                    "unsampled elements can go unseen)" if _is_sampled(array)
                    else "a fingerprint of its bytes (numpy has no write hook)")
        self._state.report("TL301", frame, lambda: (
            f"`{op_text(traits.name, frame)}` reads {tensor_text} after {array_text}, which shares its memory"
            f"{since}, was modified outside torch: the tensor sees the new values; "
            f"detected by {how_seen}"))
