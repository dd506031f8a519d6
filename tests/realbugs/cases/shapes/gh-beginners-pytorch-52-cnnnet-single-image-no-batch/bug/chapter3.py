import torch
import torch.nn as nn
import torch.nn.functional as F


class CNNNet(nn.Module):

    def __init__(self, num_classes=2):
        super(CNNNet, self).__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(64, 192, kernel_size=5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(192, 384, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.Conv2d(384, 256, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.Conv2d(256, 256, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2),
        )
        self.avgpool = nn.AdaptiveAvgPool2d((6, 6))
        self.classifier = nn.Sequential(
            nn.Dropout(),
            nn.Linear(256 * 6 * 6, 4096),
            nn.ReLU(),
            nn.Dropout(),
            nn.Linear(4096, 4096),
            nn.ReLU(),
            nn.Linear(4096, num_classes)
        )

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.classifier(x)  # expect: TL401
        return x


device = "cuda" if torch.cuda.is_available() else "cpu"
cnnet = CNNNet()
cnnet.to(device)


def img_transforms(img):
    """Stand-in for the book's Resize((64, 64)) + ToTensor() + Normalize(...): a 3x64x64 image tensor."""
    return img


labels = ['cat', 'fish']
cats_pred = []
# random 64x64 RGB images instead of the files in the test folder
test_images = [torch.rand(3, 64, 64) for _ in range(2)]
for img in test_images:
    img = img_transforms(img).to(device)
    cnnet.eval()
    prediction = F.softmax(cnnet(img), dim=1)
    prediction = prediction.argmax()
    cats_pred.append(labels[prediction])
print(cats_pred)
