"""Symptom of gh-autoencoders-2: `param.require_grad = True` does not unfreeze the pretrained layers.

Runs each side's run.py (layer-wise pretraining, which freezes layers 1-3 in turn, then train_whole)
and looks at the stacked model afterwards: in the bug the first three layers still do not require grad
and got no gradient in train_whole (only the last layer trained); in the fixed twin every layer did.
"""
import os
import runpy
import sys


def run_entry(folder, entry):
    folder = os.path.abspath(folder)
    cwd, saved_path = os.getcwd(), list(sys.path)
    os.chdir(folder)
    sys.path.insert(0, folder)
    try:
        return runpy.run_path(entry, run_name="__main__")
    finally:
        os.chdir(cwd)
        sys.path[:] = saved_path
        for name, module in list(sys.modules.items()):
            if (getattr(module, "__file__", None) or "").startswith(folder):
                del sys.modules[name]


def trained_layers(model):
    layers = [model.encoder_1, model.encoder_2, model.encoder_3, model.encoder_4]
    # in the stacked model each layer runs only its encoder half (is_training_layer is False)
    return [all(p.requires_grad and p.grad is not None for p in layer.encoder.parameters()) for layer in layers]


def main(bug_dir, fixed_dir):
    bug = trained_layers(run_entry(bug_dir, "run.py")["SAE_model"])
    fixed = trained_layers(run_entry(fixed_dir, "run.py")["SAE_model"])
    print(f"bug: layers that got gradients in train_whole: {bug}")
    print(f"fixed: layers that got gradients in train_whole: {fixed}")
    assert bug == [False, False, False, True]
    assert fixed == [True, True, True, True]


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
