"""Symptom of gh-dn-detr-19: without AMP, train_one_epoch steps with the gradients of every batch so far summed.

Drives each side's engine.train_one_epoch (amp off, no clipping) with the same batch twice and an SGD of
learning rate 0 (weights never move, so both batches give the same gradient) that records the gradient
it applies at each step. The bug's second step applies twice the first; the fixed twin's the same one.
"""
import argparse
import importlib
import os
import sys

import torch


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
        main = importlib.import_module("main")
        engine = importlib.import_module("engine")
        torch.manual_seed(0)
        model = main.DETRStandIn()
        criterion = main.SetCriterionStandIn({'loss_ce': 1, 'loss_bbox': 5})
        batch = main.make_batches(1)[0]
        optimizer = RecordingSGD(model.parameters(), watched=model.class_embed.weight)
        args = argparse.Namespace(amp=False, debug=False)
        engine.train_one_epoch(model, criterion, [batch, batch], optimizer, torch.device('cpu'), 0, 0, args=args)
        return optimizer.applied
    finally:
        sys.path.remove(folder)
        for name in list(sys.modules):
            if name in ("main", "engine", "util") or name.startswith("util."):
                del sys.modules[name]


def main(bug_dir, fixed_dir):
    bug_first, bug_second = applied_gradients(bug_dir)
    fixed_first, fixed_second = applied_gradients(fixed_dir)
    print(f"bug: the second step applies {(bug_second.norm() / bug_first.norm()).item():.3f}x the first step's gradient")
    print(f"fixed: the second step applies {(fixed_second.norm() / fixed_first.norm()).item():.3f}x the first step's gradient")
    assert torch.allclose(bug_second, 2 * bug_first, rtol=1e-4, atol=1e-7)
    assert torch.allclose(fixed_second, fixed_first, rtol=1e-4, atol=1e-7)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
