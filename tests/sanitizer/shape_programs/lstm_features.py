"""discuss.pytorch.org "estimate the next number using LSTM": nn.LSTM(10, 20) fed sequences of one
feature per step; the LSTM's own Python check raises before any torch op runs."""
import torch


class LSTM(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(10, 20, 1)
        self.fc = torch.nn.Linear(20, 1)

    def forward(self, x):
        x, _ = self.lstm(x)
        return self.fc(x[-1])


model = LSTM()
window = torch.arange(0, 10, dtype=torch.float32).reshape(10, 1, 1)
prediction = model(window)
