"""Stand-in for the torchsummary package (not installed here), reduced to how summary() builds its input:
input_size is one sample's shape and a batch of 2 is put in front of it."""
import torch


def summary(model, input_size, batch_size=-1, device="cpu"):
    x = [torch.rand(2, *in_size) for in_size in [input_size]]
    out = model(*x)
    return f"{type(model).__name__}: input {tuple(x[0].shape)} -> output {tuple(out.shape)}"
