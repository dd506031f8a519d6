# examples/basic_tutorial_image.ipynb, the model and training cells: CIFAR10 through gdeep's
# TorchDataLoader is replaced by random 32x32 images, torchvision's pretrained resnet18 by a small
# conv net with BatchNorm and Dropout (torchvision does not import here), and tensorboard's
# SummaryWriter is not passed (the Pipeline's writer calls are cut).
import torch
from torch import nn
from torch.optim import SGD

from gdeep.pipeline import Pipeline

torch.manual_seed(0)


def random_loader(n):
    images = torch.rand(n, 3, 32, 32)
    labels = torch.randint(0, 10, (n,))
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(images, labels), batch_size=32)


dl_tr, dl_val, dl_ts = random_loader(64), random_loader(32), random_loader(32)

resnet18 = nn.Sequential(nn.Conv2d(3, 16, 3, stride=2, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.5), nn.Linear(16, 1000))
model = nn.Sequential(resnet18, nn.Linear(1000,10))

# print(model)
loss_fn = nn.CrossEntropyLoss()

pipe = Pipeline(model, (dl_tr, dl_val, dl_ts), loss_fn)

# train the model
pipe.train(SGD, 1, batch_size=32, lr=0.01)
