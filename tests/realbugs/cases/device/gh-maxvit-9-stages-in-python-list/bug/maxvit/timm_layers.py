# Stand-ins for the timm layers maxvit.py imports (timm needs torchvision, which does not
# import beside this torch): same constructor arguments and shapes, plain torch inside.
import torch
import torch.nn as nn


def drop_path(x, drop_prob: float = 0., training: bool = False):
    if drop_prob == 0. or not training:
        return x
    keep = torch.rand(x.shape[0], *([1] * (x.dim() - 1)), dtype=x.dtype, device=x.device) >= drop_prob
    return x * keep / (1 - drop_prob)


class DropPath(nn.Module):
    def __init__(self, drop_prob: float = 0.):
        super().__init__()
        self.drop_prob = drop_prob

    def forward(self, x):
        return drop_path(x, self.drop_prob, self.training)


trunc_normal_ = nn.init.trunc_normal_


class Mlp(nn.Module):
    def __init__(self, in_features, hidden_features=None, out_features=None, act_layer=nn.GELU, drop=0.):
        super().__init__()
        hidden_features = hidden_features or in_features
        out_features = out_features or in_features
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.act = act_layer()
        self.fc2 = nn.Linear(hidden_features, out_features)
        self.drop = nn.Dropout(drop)

    def forward(self, x):
        return self.drop(self.fc2(self.drop(self.act(self.fc1(x)))))


class SqueezeExcite(nn.Module):
    def __init__(self, in_chs, rd_ratio=0.25):
        super().__init__()
        rd_channels = max(1, int(in_chs * rd_ratio))
        self.conv_reduce = nn.Conv2d(in_chs, rd_channels, 1)
        self.act1 = nn.ReLU(inplace=True)
        self.conv_expand = nn.Conv2d(rd_channels, in_chs, 1)

    def forward(self, x):
        x_se = self.conv_expand(self.act1(self.conv_reduce(x.mean((2, 3), keepdim=True))))
        return x * x_se.sigmoid()


class DepthwiseSeparableConv(nn.Module):
    def __init__(self, in_chs, out_chs, stride=1, act_layer=nn.ReLU, norm_layer=nn.BatchNorm2d, drop_path_rate=0.):
        super().__init__()
        self.conv_dw = nn.Conv2d(in_chs, in_chs, 3, stride=stride, padding=1, groups=in_chs, bias=False)
        self.bn1 = norm_layer(in_chs)
        self.act1 = act_layer(inplace=True)
        self.conv_pw = nn.Conv2d(in_chs, out_chs, 1, bias=False)
        self.bn2 = norm_layer(out_chs)

    def forward(self, x):
        return self.bn2(self.conv_pw(self.act1(self.bn1(self.conv_dw(x)))))
