import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class LMSCNet(nn.Module):
  """LMSCNet's training interface (compute_loss, get_target, get_scales, loss keys) as in
  networks/models/LMSCNet.py, over a toy 3D head instead of the 2D-UNet / 3D segmentation heads."""

  def __init__(self, class_num, class_frequencies):
    super().__init__()
    self.nbr_classes = class_num
    self.class_frequencies = class_frequencies
    self.head = nn.Conv3d(1, class_num, kernel_size=3, padding=1)

  def forward(self, x):
    input = x['3D_OCCUPANCY']
    out_scale_1_1 = self.head(input)
    scores = {'pred_semantic_1_1': out_scale_1_1,
              'pred_semantic_1_2': F.avg_pool3d(out_scale_1_1, 2),
              'pred_semantic_1_4': F.avg_pool3d(out_scale_1_1, 4),
              'pred_semantic_1_8': F.avg_pool3d(out_scale_1_1, 8)}
    return scores

  def compute_loss(self, scores, data):
    '''
    :param: prediction: the predicted tensor, must be [BS, C, H, W, D]
    '''

    target = data['3D_LABEL']['1_1']
    device, dtype = target.device, target.dtype
    class_weights = self.get_class_weights().to(device=target.device, dtype=target.dtype)

    criterion = nn.CrossEntropyLoss(weight=class_weights, ignore_index=255, reduction='mean').to(device=device)

    loss_1_1 = criterion(scores['pred_semantic_1_1'], data['3D_LABEL']['1_1'].long())
    loss_1_2 = criterion(scores['pred_semantic_1_2'], data['3D_LABEL']['1_2'].long())
    loss_1_4 = criterion(scores['pred_semantic_1_4'], data['3D_LABEL']['1_4'].long())
    loss_1_8 = criterion(scores['pred_semantic_1_8'], data['3D_LABEL']['1_8'].long())

    loss_total = (loss_1_1 + loss_1_2 + loss_1_4 + loss_1_8) / 4

    loss = {'total': loss_total, 'semantic_1_1': loss_1_1, 'semantic_1_2': loss_1_2, 'semantic_1_4': loss_1_4,
            'semantic_1_8': loss_1_8}

    return loss

  def get_class_weights(self):
    '''
    Cless weights being 1/log(fc) (https://arxiv.org/pdf/2008.10559.pdf)
    '''
    epsilon_w = 0.001  # eps to avoid zero division
    weights = torch.from_numpy(1 / np.log(self.class_frequencies + epsilon_w))

    return weights

  def get_target(self, data):
    '''
    Return the target to use for evaluation of the model
    '''
    return {'1_1': data['3D_LABEL']['1_1'], '1_2': data['3D_LABEL']['1_2'],
            '1_4': data['3D_LABEL']['1_4'], '1_8': data['3D_LABEL']['1_8']}

  def get_scales(self):
    '''
    Return scales needed to train the model
    '''
    scales = ['1_1', '1_2', '1_4', '1_8']
    return scales

  def get_validation_loss_keys(self):
    return ['total', 'semantic_1_1','semantic_1_2', 'semantic_1_4', 'semantic_1_8']

  def get_train_loss_keys(self):
    return ['total', 'semantic_1_1','semantic_1_2', 'semantic_1_4', 'semantic_1_8']
