"""No test opens this file: its problem comes only from "TensorLens: Check Workspace"."""
import torch

w = torch.zeros(3, requires_grad=True)
w.add_(1)  # TL101
