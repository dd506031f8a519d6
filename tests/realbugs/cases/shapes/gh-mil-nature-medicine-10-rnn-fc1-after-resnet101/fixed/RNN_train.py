import torch
import torch.nn as nn
import torch.optim as optim


class ResNetEncoder(nn.Module):
    """Stand-in for the MIL-trained ResNet101 tile embedder (torchvision's resnet101 with its fc removed):
    a small conv stack ending in global pooling, 2048 features per tile like ResNet101's."""

    def __init__(self):
        super(ResNetEncoder, self).__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 2048, 7, stride=4, padding=3), nn.ReLU(inplace=True),
            nn.AdaptiveAvgPool2d(1),
        )

    def forward(self, x):
        x = self.features(x)
        return x.view(x.size(0), -1)


class rnn_single(nn.Module):

    def __init__(self, ndims):
        super(rnn_single, self).__init__()
        self.ndims = ndims

        self.fc1 = nn.Linear(2048, ndims)
        self.fc2 = nn.Linear(ndims, ndims)

        self.fc3 = nn.Linear(ndims, 2)

        self.activation = nn.ReLU()

    def forward(self, input, state):
        input = self.fc1(input)
        state = self.fc2(state)
        state = self.activation(state + input)
        output = self.fc3(state)
        return output, state

    def init_hidden(self, batch_size):
        return torch.zeros(batch_size, self.ndims)


def train_single(epoch, embedder, rnn, loader, criterion, optimizer):
    rnn.train()
    running_loss = 0.
    for i, (inputs, target) in enumerate(loader):
        batch_size = inputs[0].size(0)
        rnn.zero_grad()

        state = rnn.init_hidden(batch_size)
        for s in range(len(inputs)):
            input = embedder(inputs[s])
            output, state = rnn(input, state)

        loss = criterion(output, target)
        loss.backward()
        optimizer.step()
        running_loss += loss.item() * target.size(0)
    return running_loss / len(loader)


def main():
    ndims = 128
    batch_size = 64  # --batch-size 64, lowered by the reporter for memory
    s = 3  # top tiles per slide fed to the RNN (10 in the repository)
    embedder = ResNetEncoder()
    for param in embedder.parameters():
        param.requires_grad = False
    rnn = rnn_single(ndims)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(rnn.parameters(), 0.1, momentum=0.9, dampening=0, weight_decay=1e-4, nesterov=True)
    # one batch of slides: s tiles each (random 3x32x32 tiles instead of the 224x224 whole-slide tiles)
    train_loader = [([torch.rand(batch_size, 3, 32, 32) for _ in range(s)], torch.randint(0, 2, (batch_size,)))]
    for epoch in range(1):
        train_loss = train_single(epoch, embedder, rnn, train_loader, criterion, optimizer)
        print(epoch, train_loss)


if __name__ == '__main__':
    main()
