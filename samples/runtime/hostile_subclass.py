"""A tensor subclass whose every torch call raises, as a half-finished extension type might.

Inspected at the breakpoint with `tensors`, `devices`, `tl` and `gradfn`: the
debugger must answer at the prompt and the program must run on to "done".
"""

import torch


class Refusing(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        raise RuntimeError(f"Refusing does not support {getattr(func, '__name__', func)}")


class Opaque:
    """An object whose __class__ raises: isinstance() on it would."""

    @property
    def __class__(self):
        raise RuntimeError("Opaque hides its class")


weights = torch.ones(3)
odd = torch.Tensor._make_subclass(Refusing, torch.zeros(2))
hidden = Opaque()
breakpoint()
print("done", weights.sum().item())
