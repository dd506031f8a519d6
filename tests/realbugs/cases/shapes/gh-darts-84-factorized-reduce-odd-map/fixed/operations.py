import torch
import torch.nn as nn
import torch.nn.functional as F


class ReLUConvBN(nn.Module):

    def __init__(self, C_in, C_out, kernel_size, stride, padding, affine=True):
        super(ReLUConvBN, self).__init__()
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(C_in, C_out, kernel_size, stride=stride, padding=padding, bias=False),
            nn.BatchNorm2d(C_out, affine=affine)
        )

    def forward(self, x):
        return self.op(x)


class FactorizedReduce(nn.Module):

    def __init__(self, C_in, C_out, affine=True):
        super(FactorizedReduce, self).__init__()
        assert C_out % 2 == 0
        self.relu = nn.ReLU(inplace=False)
        self.conv_1 = nn.Conv2d(C_in, C_out // 2, 1, stride=2, padding=0, bias=False)
        self.conv_2 = nn.Conv2d(C_in, C_out // 2, 1, stride=2, padding=0, bias=False)
        self.bn = nn.BatchNorm2d(C_out, affine=affine)

    def forward(self, x):
        x = self.relu(x)
        even_conv = self.conv_1(x)
        odd_conv = self.conv_2(x[:, :, 1:, 1:])
        # on an odd-sized map the shifted branch is one row/column short: pad it with zeros
        diff2 = even_conv.shape[2] - odd_conv.shape[2]
        diff3 = even_conv.shape[3] - odd_conv.shape[3]
        odd_conv = F.pad(odd_conv, (0, diff3, 0, diff2))
        out = torch.cat([even_conv, odd_conv], dim=1)
        out = self.bn(out)
        return out
