import collections

import numpy as np
import torch


def to_numpy(array, detach=False):
    """
    >>> t = torch.zeros(2)
    >>> t
    tensor([0., 0.])
    >>> to_numpy(t), np.zeros(2, dtype=np.float32)
    (array([0., 0.], dtype=float32), array([0., 0.], dtype=float32))

    >>> t = torch.zeros(2, requires_grad=True)
    >>> t
    tensor([0., 0.], requires_grad=True)
    >>> to_numpy(t, detach=True), np.zeros(2, dtype=np.float32)
    (array([0., 0.], dtype=float32), array([0., 0.], dtype=float32))
    """
    if isinstance(array, torch.Tensor):
        array = array.cpu()
        if detach:
            array = array.detach()

    try:
        # torch only supports np.asarray for cpu tensors
        return np.asarray(array)
    except RuntimeError as e:
        import sys
        raise type(e)(str(e) + (
            '\n\n'
            'It is likely, that you are evaluating a model in train mode.\n'
            'You may want to call `model.eval()` first and use a context\n'
            'manager, which disables gradients: `with torch.no_grad(): ...`.\n'
            'If you want to detach anyway, use `detach=True` as argument.'
            )
        ) from e
