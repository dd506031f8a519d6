"""Symptom of gh-tenniscourt-7: base_trainer.train() steps with the gradients of every batch so far summed.

Drives each side's train() with the same batch twice and an SGD of learning rate 0 (the weights never
move, so both batches give the same gradient) that records the gradient it is asked to apply at each
step. The bug's second step applies twice the first step's gradient; the fixed twin's applies the same.
"""
import importlib
import os
import sys

import torch
import torch.nn as nn


class RecordingSGD(torch.optim.SGD):
    """SGD that keeps a copy of one parameter's gradient at each step."""

    def __init__(self, params, watched):
        super().__init__(params, lr=0.0)
        self.watched = watched
        self.applied = []

    def step(self, closure=None):
        self.applied.append(self.watched.grad.detach().clone())
        return super().step(closure)


def applied_gradients(folder):
    folder = os.path.abspath(folder)
    sys.path.insert(0, folder)
    try:
        base_trainer = importlib.import_module("base_trainer")
        tracknet = importlib.import_module("tracknet")
        torch.manual_seed(0)
        model = tracknet.BallTrackerNet(out_channels=15)
        batch = (torch.rand(1, 3, 16, 16), torch.rand(1, 15, 16, 16))
        optimizer = RecordingSGD(model.parameters(), watched=model.conv18.block[0].weight)
        base_trainer.train(model, [batch, batch], optimizer, nn.MSELoss(), "cpu", epoch=0, max_iters=2)
        return optimizer.applied
    finally:
        sys.path.remove(folder)
        for name in ("base_trainer", "tracknet"):
            sys.modules.pop(name, None)


def main(bug_dir, fixed_dir):
    bug_first, bug_second = applied_gradients(bug_dir)
    fixed_first, fixed_second = applied_gradients(fixed_dir)
    bug_ratio = (bug_second.norm() / bug_first.norm()).item()
    fixed_ratio = (fixed_second.norm() / fixed_first.norm()).item()
    print(f"bug: the second step applies {bug_ratio:.3f}x the first step's gradient")
    print(f"fixed: the second step applies {fixed_ratio:.3f}x the first step's gradient")
    assert torch.allclose(bug_second, 2 * bug_first, rtol=1e-4, atol=1e-7)
    assert torch.allclose(fixed_second, fixed_first, rtol=1e-4, atol=1e-7)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
