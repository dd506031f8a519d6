"""Stops in a frame with thousands of tensors: the TensorLens view must page them (issue 21)."""
import torch


def evaluate():
    features = {f"k{i}": torch.zeros(3) for i in range(5000)}
    batch = [torch.zeros(3) for _ in range(10_000)]
    extra = {f"e{i}": torch.zeros(2) for i in range(64)}
    return len(features) + len(batch) + len(extra)  # BREAKPOINT


if __name__ == "__main__":
    evaluate()
