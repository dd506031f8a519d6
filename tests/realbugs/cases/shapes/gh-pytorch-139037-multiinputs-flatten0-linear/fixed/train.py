import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

device = "cuda" if torch.cuda.is_available() else "cpu"
num_classes = 4


class EfficientNetB3StandIn(nn.Module):
    """Stand-in for tv.models.efficientnet_b3 (torchvision does not import here): same
    features -> avgpool -> flatten(1) -> classifier[Dropout, Linear(1536, 1000)] layout."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 1536, 3, stride=2), nn.SiLU())
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Dropout(p=0.3), nn.Linear(1536, 1000))

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)


cnn = EfficientNetB3StandIn()
for param in cnn.features.parameters():
    param.requires_grad = False
cnn.classifier[1] = nn.Flatten(1)
torch.manual_seed(42)
torch.cuda.manual_seed(42)


class MultiInputs(nn.Module):
    def __init__(self):
        super(MultiInputs, self).__init__()
        self.cnn = cnn
        self.sec = torch.nn.Sequential()
        # 1x92160 and 9216x120
        self.sec.append(torch.nn.Linear(9216, 120))
        self.sec.append(torch.nn.ReLU())
        self.sec.append(torch.nn.Dropout(p=0.1))
        self.sec.append(torch.nn.Linear(120, 24))
        self.sec.append(torch.nn.Sigmoid())
        self.sec.append(torch.nn.Dropout(p=0.1))
        self.sec.append(torch.nn.Linear(24, num_classes, bias=True))

    def forward(self, input1, input2, input3, input4, input5, input6):
        c1 = self.cnn(input1)
        c2 = self.cnn(input2)
        c3 = self.cnn(input3)
        c4 = self.cnn(input4)
        c5 = self.cnn(input5)
        c6 = self.cnn(input6)
        all = torch.cat((c1, c2, c3, c4, c5, c6), 1)
        return self.sec(all)


model = MultiInputs().to(device)

loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.RMSprop(model.parameters(), lr=0.001)


def train_step(model: torch.nn.Module,
               dataloader: torch.utils.data.DataLoader,
               loss_fn: torch.nn.Module,
               optimizer: torch.optim.Optimizer):
    model.train()
    train_loss, train_acc = 0, 0
    for batch, (X1, X2, X3, X4, X5, X6, y) in enumerate(dataloader):
        X1, X2, X3, X4, X5, X6, y = (t.to(device) for t in (X1, X2, X3, X4, X5, X6, y))
        # 1. Forward pass
        y_pred = model(X1, X2, X3, X4, X5, X6)
        # 2. Calculate and accumulate loss
        loss = loss_fn(y_pred, y)
        train_loss += loss.item()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        y_pred_class = torch.argmax(torch.softmax(y_pred, dim=1), dim=1)
        train_acc += (y_pred_class == y).sum().item() / len(y_pred)
    return train_loss / len(dataloader), train_acc / len(dataloader)


# six camera views per sample; random 16x16 images instead of the user's image folders
views = [torch.randn(20, 3, 16, 16) for _ in range(6)]
labels = torch.randint(0, num_classes, (20,))
train_dataloader = DataLoader(TensorDataset(*views, labels), batch_size=10, shuffle=True)

for epoch in range(1):
    print(train_step(model, train_dataloader, loss_fn, optimizer))
