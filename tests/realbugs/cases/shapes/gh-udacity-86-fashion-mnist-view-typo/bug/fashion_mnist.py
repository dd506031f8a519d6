import torch
from torch import nn, optim

# random Fashion-MNIST-shaped batches instead of torchvision's FashionMNIST loader (batch_size=64)
trainloader = [(torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,))) for _ in range(2)]

model = nn.Sequential(nn.Linear(784, 256),
                      nn.ReLU(),
                      nn.Linear(256, 128),
                      nn.ReLU(),
                      nn.Linear(128, 64),
                      nn.ReLU(),
                      nn.Linear(64, 10),
                      nn.LogSoftmax(dim=1))

criterion = nn.NLLLoss()
optimizer = optim.Adam(model.parameters(), lr=0.001)

# TODO: Train the network here
epochs = 1

for e in range(epochs):
    running_loss = 0
    for images, labels in trainloader:
        # Flatten MNIST images into a 784 long vector
        imagees = images.view(1, -1)

        log_ps = model(images)  # expect: TL401
        loss = criterion(log_ps, labels)

        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        running_loss += loss.item()
    else:
        print("Training loss:", running_loss / len(trainloader))
