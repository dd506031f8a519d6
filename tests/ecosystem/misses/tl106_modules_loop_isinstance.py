"""TL106 missed: ``.data`` writes to parameters found by ``for m in self.modules(): if isinstance(...)``.

From: timm 1.0.31, timm/models/xception.py lines 195-201 (Xception.__init__); the same loop
is in monai 1.6.1 networks/nets/ahnet.py line 437 and efficientnet.py line 466, torchrl 0.14.1
modules/models/models.py line 1597, and many more init loops the ecosystem check does not flag.
The finding (issue 15's TL106): a write to a parameter through ``.data`` outside no_grad
goes around autograd: the parameter's version counter does not move, so a graph that saved
it would use the new values without any error. ``isinstance(m, nn.BatchNorm2d)`` tells the
engine that ``m.weight`` and ``m.bias`` are parameters. The run below checks that the write
leaves the version counter untouched. Fix: ``nn.init.ones_(m.weight)`` / ``nn.init.zeros_(m.bias)``.
"""
# miss: TL106

import torch
from torch import nn


class Xception(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, 2, 0, bias=False)
        self.bn1 = nn.BatchNorm2d(32)
        self.fc = nn.Linear(32, num_classes)

        # #------- init weights --------
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.data.fill_(1)  # expect: TL106
                m.bias.data.zero_()  # expect: TL106


if __name__ == "__main__":
    model = Xception()
    version = model.bn1.weight._version
    model.bn1.weight.data.fill_(2)
    assert model.bn1.weight._version == version  # autograd cannot see the write
    with torch.no_grad():
        model.bn1.weight.fill_(1)
    assert model.bn1.weight._version == version + 1  # the supported form bumps it
