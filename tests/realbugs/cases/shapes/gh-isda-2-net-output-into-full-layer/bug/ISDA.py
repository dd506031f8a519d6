import torch
import torch.nn as nn


class ISDALoss(nn.Module):
    """ISDA's loss, trimmed to the steps before the covariance augmentation:
    deep features from the model, logits from the explicit fc layer, cross-entropy."""

    def __init__(self, feature_num, class_num):
        super(ISDALoss, self).__init__()
        self.feature_num = feature_num
        self.class_num = class_num
        self.cross_entropy = nn.CrossEntropyLoss()

    def forward(self, model, fc, x, target_x, ratio):
        features = model(x)
        y = fc(features)
        loss = self.cross_entropy(y, target_x)
        return loss, y
