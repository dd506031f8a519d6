"""TL106 on ``nn.init.*_(p.data)``: nn.init already writes under no_grad.

From: torch_geometric 2.8.1, torch_geometric/graphgym/models/encoder.py lines 23-27
(IntegerFeatureEncoder.__init__); the same call shape is in kornia 0.9.0
feature/lightglue.py line 103, monai 1.6.1 networks/layers/vector_quantizer.py line 69,
peft 0.21.2 tuners/prefix_tuning/model.py line 81 and torch_geometric's rect.py and
mem_pool.py (8 findings).
Why it is correct: every ``torch.nn.init`` function fills its argument under
``torch.no_grad()``, so the write is already outside autograd; ``.data`` is redundant.
The message must not advise "read with detach() or write under no_grad" (issue 15: never
advise what the code already does); at most it says to pass the parameter itself.
The file runs under torch 2.13 without error.
"""
# regression: TL106
# message-excludes: with torch.no_grad()

import torch


class IntegerFeatureEncoder(torch.nn.Module):
    def __init__(self, emb_dim: int, num_classes: int):
        super().__init__()

        self.encoder = torch.nn.Embedding(num_classes, emb_dim)
        torch.nn.init.xavier_uniform_(self.encoder.weight.data)

    def forward(self, batch):
        return self.encoder(batch)


class LearnableFourierPositionalEncoding(torch.nn.Module):
    def __init__(self, M: int, dim: int, gamma: float = 1.0) -> None:
        super().__init__()
        self.gamma = gamma
        self.Wr = torch.nn.Linear(M, dim // 2, bias=False)
        torch.nn.init.normal_(self.Wr.weight.data, mean=0, std=self.gamma**-2)


if __name__ == "__main__":
    encoder = IntegerFeatureEncoder(8, 5)
    encoder(torch.tensor([0, 4])).sum().backward()
    assert encoder.encoder.weight.grad is not None
    LearnableFourierPositionalEncoding(2, 16)
