"""TL106 on reads of ``.data`` that are consumed at once or only ever read.

From: peft 0.21.2 tests/test_custom_models.py lines 2672-2674 (``.data.clone()``),
accelerate 1.16.0 tests/test_hooks.py line 448 (``.data.dtype``), kornia 0.9.0
models/dexined.py lines 48 and 60 (``.data.shape``), peft 0.21.2 tuners/lora/corda.py line 257
(``linear.weight.data.float()`` under ``@torch.no_grad()``, then only read) and
tuners/trainable_tokens/layer.py line 194 (``merged = ....weight.data`` read by an
out-of-place ``index_copy``): 8 findings.
Why it is correct: nothing writes through these tensors and none outlives the statement
as an alias that is later written, so autograd can never see a value changed behind its
back. Issue 15: no TL106 for reads consumed at once. The ``.data =`` write of merge() is not
reported either since TL106 reports harm (no graph saved the weight there). The file runs under
torch 2.13 without error.
"""
# regression: TL106

import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin0 = nn.Linear(10, 20)

    def forward(self, x):
        return self.lin0(x)


def snapshot():
    torch.manual_seed(0)
    model = MLP()
    orig_weight = model.lin0.weight.data.clone()
    orig_bias = model.lin0.bias.data.clone()
    loading_dtype = next(model.parameters()).data.dtype
    return orig_weight, orig_bias, loading_dtype


def weight_init(m: nn.Module) -> None:
    if isinstance(m, nn.Conv2d):
        torch.nn.init.xavier_normal_(m.weight, gain=1.0)
        if m.weight.data.shape[1] == torch.Size([1]):
            torch.nn.init.normal_(m.weight, mean=0.0)


@torch.no_grad()
def collect_eigens_for_layer(linear: nn.Module):
    w = linear.weight.data.float()
    U, S, Vh = torch.linalg.svd(w, full_matrices=False)
    return S


class TrainableTokensLayer(nn.Module):
    def __init__(self, num_embeddings, dim, token_indices):
        super().__init__()
        self.base_layer = nn.Embedding(num_embeddings, dim)
        self.token_indices = token_indices
        self.trainable_tokens_delta = nn.Parameter(torch.zeros(len(token_indices), dim))

    def merge(self):
        merged = self.base_layer.weight.data
        index = torch.tensor(self.token_indices).to(merged.device)
        deltas = self.trainable_tokens_delta.to(merged)
        merged = merged.index_copy(dim=0, index=index, source=deltas)
        self.base_layer.weight.data = merged


if __name__ == "__main__":
    weight, bias, dtype = snapshot()
    assert dtype == torch.float32 and weight.shape == (20, 10)
    weight_init(nn.Conv2d(1, 1, 3))
    assert collect_eigens_for_layer(nn.Linear(4, 3)).shape == (3,)
    TrainableTokensLayer(5, 4, [1, 3]).merge()
