"""TL204 missed: a CPU tensor made in forward() without device=, filled from the input, returned.

From: timm 1.0.31, timm/models/csatv2.py lines 318-333 (Dct2dStats.forward), kept as it is
but for the DCT transform and zigzag permutation it applies first.
The bug: ``torch.zeros([3, 64])`` is always on the CPU. Once the module and its input move
to a GPU, ``mean_list[i] = <cuda tensor>`` copies each row back to the host (a silent
device-to-host sync per row) and the statistics come back on the CPU, so the caller's next
op with them and any CUDA tensor raises. With ``meta`` standing in for CUDA (it cannot copy
to the CPU), the fill itself raises, which is what the test runs. Fix: ``x.new_zeros((3, 64))``
or ``torch.zeros(..., device=x.device, dtype=x.dtype)``.
"""
# miss: TL204
# raises: NotImplementedError

import torch
from torch import nn
from typing import Tuple


class Dct2dStats(nn.Module):
    """Utility module to compute DCT coefficient statistics."""

    def __init__(self, kernel_size: int) -> None:
        super().__init__()
        self.k = kernel_size

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        b, c, h, w = x.shape
        # Extract non-overlapping k x k patches
        x = x.reshape(b, c, h // self.k, self.k, w // self.k, self.k)  # (B, H//k, k, W//k, k)
        x = x.permute(0, 2, 4, 1, 3, 5)  # (B, H//k, W//k, C, k, k)
        x = x.reshape(-1, c, self.k * self.k)
        x = x.reshape(b * (h // self.k) * (w // self.k), c, -1)

        mean_list = torch.zeros([3, 64])  # expect: TL204
        var_list = torch.zeros([3, 64])  # expect: TL204
        for i in range(3):
            mean_list[i] = torch.mean(x[:, i], dim=0)
            var_list[i] = torch.var(x[:, i], dim=0)
        return mean_list, var_list


def statistics_on(device):
    return Dct2dStats(8).to(device)(torch.randn(2, 3, 16, 16, device=device))


if __name__ == "__main__":
    mean, var = statistics_on("cpu")
    assert mean.shape == (3, 64)  # fine while everything is on the CPU
    statistics_on("meta")  # the module moved: the CPU factory breaks
