"""Symptom of gh-wekws-73: Executor.train() steps with the gradients of every batch so far summed.

Drives each side's Executor.train() with the same batch twice and an SGD of learning rate 0 (the
weights never move, so both batches give the same gradient) that records the gradient it is asked to
apply at each step. The bug's second step applies twice the first step's gradient; the fixed twin's
applies the same one.
"""
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
        train = importlib.import_module("train")
        executor = importlib.import_module("kws.utils.executor")
        torch.manual_seed(0)
        model = train.KWSModel()
        batch = train.make_data_loader(1)[0]
        optimizer = RecordingSGD(model.parameters(), watched=model.classifier.weight)
        args = {'grad_clip': 1e9, 'log_interval': 100, 'criterion': 'max_pooling'}
        executor.Executor().train(model, optimizer, [batch, batch], torch.device('cpu'), None, args)
        return optimizer.applied
    finally:
        sys.path.remove(folder)
        for name in list(sys.modules):
            if name == "train" or name == "kws" or name.startswith("kws."):
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
