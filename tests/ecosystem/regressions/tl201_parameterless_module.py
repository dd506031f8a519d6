"""TL201 on a module without parameters or buffers, called with tensors on another device.

From: kornia 0.9.0, kornia/losses/ssim.py lines 91-133 (SSIMLoss: its __init__ stores only
numbers; the SSIM computation is reduced here to its mean/variance terms). The call site is
its docstring example with the images on a device; the ecosystem's libraries do not call their
own losses that way, but issue 15's survey of training scripts did, and writing the miss
case misses/tl204_csatv2_stats_on_cpu.py (timm's Dct2dStats, also parameterless) hit it again.
Why it is correct: a module that registers no parameter or buffer has no device; calling it
runs its forward on whatever device its inputs are on. ``meta`` stands in for CUDA here and
the file runs under torch 2.13 without error.
"""
# regression: TL201

import torch
from torch import nn


class SSIMLoss(nn.Module):
    def __init__(self, window_size: int, max_val: float = 1.0, eps: float = 1e-12, reduction: str = "mean") -> None:
        super().__init__()
        self.window_size: int = window_size
        self.max_val: float = max_val
        self.eps: float = eps
        self.reduction: str = reduction

    def forward(self, img1: torch.Tensor, img2: torch.Tensor) -> torch.Tensor:
        c1, c2 = (0.01 * self.max_val) ** 2, (0.03 * self.max_val) ** 2
        mu1, mu2 = img1.mean((-2, -1)), img2.mean((-2, -1))
        var1, var2 = img1.var((-2, -1)), img2.var((-2, -1))
        cov = ((img1 - mu1[..., None, None]) * (img2 - mu2[..., None, None])).mean((-2, -1))
        ssim = ((2 * mu1 * mu2 + c1) * (2 * cov + c2)) / ((mu1**2 + mu2**2 + c1) * (var1 + var2 + c2) + self.eps)
        loss = (1.0 - ssim) / 2
        return loss.mean() if self.reduction == "mean" else loss


device = torch.device("meta")  # stands in for "cuda"
input1 = torch.rand(1, 4, 5, 5).to(device)
input2 = torch.rand(1, 4, 5, 5).to(device)
criterion = SSIMLoss(5)
loss = criterion(input1, input2)
