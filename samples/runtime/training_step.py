"""One training step of a small MLP, with a numpy alias and a meta-device buffer."""

import numpy as np
import torch
from torch import nn

torch.manual_seed(0)


class MLP(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Linear(4, 16)
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(torch.relu(self.fc1(x)))


def step() -> float:
    model = MLP()
    features = np.linspace(-1.0, 1.0, 32, dtype=np.float32).reshape(8, 4)
    batch = {"x": torch.from_numpy(features), "y": torch.tensor([0, 1, 2, 0, 1, 2, 0, 1])}
    logits = model(batch["x"])
    loss = nn.functional.cross_entropy(logits, batch["y"])
    cache = [torch.empty(1000, 1000, device="meta")]
    breakpoint()
    loss.backward()
    return loss.item() + len(cache)


if __name__ == "__main__":
    print("loss", round(step(), 4))
