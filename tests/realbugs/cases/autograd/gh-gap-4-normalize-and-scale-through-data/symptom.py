"""Symptom of gh-gap-4: normalize_and_scale (and the clamp) write through .data, so the generator's gradient is wrong.

Loads each side's GAP_clf.py (its module-level setup, not its training run), then computes the training
loss of one batch with the same generator weights and backpropagates: both sides compute the same loss
value (the .data writes do change the forward values), but the bug's gradient misses the scaling, the
normalization and the clamp that autograd never saw, so it differs from the fixed twin's.
"""
import os
import runpy
import sys

import torch


def loss_and_generator_grad(folder):
    saved_argv = sys.argv
    sys.argv = ["GAP_clf.py"]
    torch.manual_seed(0)  # the module builds its classifier and generator at import: same weights on both sides
    try:
        gap = runpy.run_path(os.path.join(folder, "GAP_clf.py"), run_name="gap_clf")
    finally:
        sys.argv = saved_argv
    torch.manual_seed(1)
    netG = gap["netG"]
    image = torch.rand(2, 3, 32, 32)
    _, target_label = torch.min(gap["pretrained_clf"](image), 1)
    delta_im = gap["normalize_and_scale"](netG(image), 'train')
    recons = torch.add(image, delta_im)
    for cii in range(3):  # the training step's per-channel clamp, as each side writes it
        if "recons.data[:,cii" in open(os.path.join(folder, "GAP_clf.py")).read():
            recons.data[:, cii] = recons.data[:, cii].clamp(image[:, cii].min(), image[:, cii].max())
        else:
            recons[:, cii] = recons[:, cii].clone().clamp(image[:, cii].min(), image[:, cii].max())
    loss = torch.log(gap["criterion_pre"](gap["pretrained_clf"](recons), target_label))
    netG.zero_grad()
    loss.backward()
    return loss.item(), netG[0].weight.grad.clone()


def main(bug_dir, fixed_dir):
    bug_loss, bug_grad = loss_and_generator_grad(bug_dir)
    fixed_loss, fixed_grad = loss_and_generator_grad(fixed_dir)
    rel = ((bug_grad - fixed_grad).norm() / fixed_grad.norm()).item()
    print(f"loss: bug {bug_loss:.6f}, fixed {fixed_loss:.6f}")
    print(f"generator gradient: relative difference bug vs fixed {rel:.3f}")
    assert abs(bug_loss - fixed_loss) < 1e-5
    assert rel > 0.1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
