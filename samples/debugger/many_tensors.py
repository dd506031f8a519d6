"""A frame as a debugger meets it in a training script: 200 tensors and one of 10^8 elements.

benchmarks/debugger_latency.py stops on the line marked ``STOP`` and times
the Variables request for this frame and the value of ``huge``.
"""

import torch

torch.manual_seed(0)
layers = {f"w{i:03d}": torch.randn(64, 64) for i in range(200)}
globals().update(layers)
del layers  # a dict of tensors is shown by pydevd's own repr of the dict, not by the providers
huge = torch.zeros(100_000_000)
print("ready", len(layers), huge.numel())  # STOP: frame
