"""Frames as big as a debugger meets them: 200 tensors, a dict of 5,000, a list of 10,000, 3,200 names.

benchmarks/editor_frame.py stops on each line marked ``STOP`` and times the
TensorLens view's one ``evaluate`` of ``frame_json(locals())`` over DAP.
"""

import torch

torch.manual_seed(0)
globals().update({f"w{i:03d}": torch.randn(64, 64) for i in range(200)})
print("200 tensors")  # STOP: names-200


def dict_of_5000():
    d = {f"k{i}": torch.zeros(3) for i in range(5000)}
    return len(d)  # STOP: dict-5000


def list_of_10000():
    batch = [torch.zeros(3) for _ in range(10_000)]
    return len(batch)  # STOP: list-10000


print(dict_of_5000(), list_of_10000())
globals().update({f"t{i}": torch.zeros(3) for i in range(3000)})
print("3,200 tensors")  # STOP: names-3200
