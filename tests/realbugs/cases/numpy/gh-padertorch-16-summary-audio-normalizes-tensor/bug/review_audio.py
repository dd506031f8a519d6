import torch
import padertorch as pt

# A separated signal (cpu) as a model's review hands it to the tensorboard summary.
torch.manual_seed(0)
estimate = torch.randn(8000, 1) * 3
signal, sampling_rate = pt.summary.audio(estimate, sampling_rate=8000)
print('summary peak', abs(signal).max(), 'estimate peak', estimate.abs().max().item())
