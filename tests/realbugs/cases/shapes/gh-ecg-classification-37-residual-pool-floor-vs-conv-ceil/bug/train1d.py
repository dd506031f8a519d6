import torch
import torch.nn as nn

from models.models1d import HeartNet

# ECG beats cut into 360-sample windows (one second at MIT-BIH's 360 Hz); random signals, 8 classes
batch = torch.randn(4, 1, 360)
labels = torch.randint(0, 8, (4,))

model = HeartNet(num_classes=8)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

model.train()
optimizer.zero_grad()
logits = model(batch)
loss = criterion(logits, labels)
loss.backward()
optimizer.step()
print(loss.item())
