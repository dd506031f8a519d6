import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import Variable

from models.scl_module import SCLModule


class Extractor(nn.Module):
    """The ResNet-50 stages of resnet_index.py, cut down to one conv, followed by the SCL module."""

    def __init__(self, stage_size=7):
        super().__init__()
        self.size = stage_size
        self.backbone = nn.Sequential(nn.Conv2d(3, 32, 3, stride=4, padding=1), nn.ReLU())
        self.scl_lrx = SCLModule(stage_size, 32, 16, avg=False)

    def forward(self, x):
        x5 = self.backbone(x)
        mask_feature, mask, coord_loss = self.scl_lrx(x5)
        return x5, mask_feature, mask, coord_loss


def mask_to_binary(x):
    N, H, W = x.shape
    x = x.view(N, H*W)
    thresholds = torch.mean(x, dim=1, keepdim=True)
    binary_x = (x > thresholds).float()
    return binary_x.view(N, H, W)


extractor = Extractor().cuda()
classifier = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10)).cuda()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(list(extractor.parameters()) + list(classifier.parameters()), lr=0.01, momentum=0.9)
loss_weight = {'mask': 0.1,
               'coord': 0.1,
              }

for batch_cnt in range(2):
    imgs = Variable(torch.randn(2, 3, 28, 28).cuda())
    labels = Variable(torch.from_numpy(np.array([1, 3])).cuda())
    optimizer.zero_grad()

    main_cls_feature, main_img_f, main_mask, coord_loss_1 = extractor(imgs)
    main_probs = classifier(main_cls_feature)
    cls_loss_1 = criterion(main_probs, labels)
    coord_loss_1 = torch.mean(coord_loss_1 * mask_to_binary(main_mask))
    loss = cls_loss_1 + coord_loss_1 * loss_weight['coord']

    loss.backward()
    optimizer.step()
    print('[TRAIN]: Batch {:03d}    |    Loss {:6.4f}'.format(batch_cnt + 1, loss.item()))
