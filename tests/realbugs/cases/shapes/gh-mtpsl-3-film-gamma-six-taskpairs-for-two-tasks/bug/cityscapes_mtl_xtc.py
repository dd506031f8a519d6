import copy

import torch

from model.mapfns import Mapfns

device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")

# Cityscapes in the paper's setting: two tasks, 7-class semantic segmentation and depth
tasks = ['semantic', 'depth']
mapfns = Mapfns(tasks=tasks, input_channels=[7, 1]).to(device)

# one augmented sample: predictions of the multi-task net, its partial labels, and the SegNet feature
# (random tensors at 32x64 instead of the 128x256 crops)
train_pred_seg = torch.randn(1, 7, 32, 64).to(device)
train_pred_depth = torch.rand(1, 1, 32, 64).to(device)
train_label1 = torch.randint(-1, 7, (1, 32, 64)).to(device)
train_depth1 = torch.rand(1, 1, 32, 64).to(device)
feat_aug = torch.randn(1, 512, 1, 2).to(device)
w = torch.ones(len(tasks)).float()

train_pred_ind = [train_pred_seg, train_pred_depth]
train_target_ind = [train_label1, train_depth1]

# compute the cross-task consistency loss
con_loss = mapfns(train_pred_ind, train_target_ind, feat_aug, copy.deepcopy(w), ssl_type='full')
con_loss.backward()
print(con_loss.item())
