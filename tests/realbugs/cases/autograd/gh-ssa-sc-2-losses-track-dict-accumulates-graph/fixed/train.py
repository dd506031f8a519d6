# -*- coding:utf-8 -*-
import torch

from networks.common.metrics import Metrics
from networks.models.LMSCNet import LMSCNet


class SummaryWriter:
    """Stands in for tensorboardX's SummaryWriter (not installed): keeps the scalars."""

    def __init__(self):
        self.scalars = []

    def add_scalar(self, tag, value, step):
        self.scalars.append((tag, value, step))


class SemanticKITTI(torch.utils.data.Dataset):
    """Random voxel grids with SemanticKITTI's sample layout (occupancy, labels at 4 scales), 8x8x8 instead of 256x256x32."""

    nbr_classes = 4

    def __len__(self):
        return 6

    def __getitem__(self, index):
        label = torch.randint(0, self.nbr_classes, (8, 8, 8)).float()
        data = {'3D_OCCUPANCY': torch.rand(1, 8, 8, 8).round(),
                '3D_LABEL': {'1_1': label, '1_2': label[::2, ::2, ::2], '1_4': label[::4, ::4, ::4], '1_8': label[::8, ::8, ::8]}}
        return data, index


def dict_to(_dict, device):
    _dict['3D_OCCUPANCY'] = _dict['3D_OCCUPANCY'].to(device=device)
    for key in _dict['3D_LABEL']:
        _dict['3D_LABEL'][key] = _dict['3D_LABEL'][key].to(device=device)
    return _dict


def train(model, optimizer, scheduler, dataset, nbr_epochs, start_epoch, tbwriter):
    device = torch.device('cuda') if torch.cuda.is_available() else torch.device('cpu')

    # Moving optimizer and model to used device
    model = model.to(device=device)

    dset = dataset['train']
    nbr_iterations = len(dset)  # number of iterations depends on batchs size

    # Defining metrics class and initializing them..
    metrics = Metrics(dset.dataset.nbr_classes, nbr_iterations, model.get_scales())
    metrics.reset_evaluator()
    metrics.losses_track.set_validation_losses(model.get_validation_loss_keys())
    metrics.losses_track.set_train_losses(model.get_train_loss_keys())

    for epoch in range(start_epoch, nbr_epochs + 1):

        model.train()  # put model to training mode

        for t, (data, indices) in enumerate(dset):

            data = dict_to(data, device)
            scores = model(data)
            loss = model.compute_loss(scores, data)

            # Zero out the gradients.
            optimizer.zero_grad()
            # Backward pass: gradient of loss wr. each model parameter.
            loss['total'].backward()
            # update parameters of model by gradients.
            optimizer.step()

            for l_key in loss:
                tbwriter.add_scalar('train_loss_batch/{}'.format(l_key), loss[l_key].item(), len(dset) * (epoch - 1) + t)
            # Updating batch losses to then get mean for epoch loss
            metrics.losses_track.update_train_losses(loss)

            metrics.add_batch(prediction=scores, target=model.get_target(data))

        for l_key in metrics.losses_track.train_losses:
            tbwriter.add_scalar('train_loss_epoch/{}'.format(l_key), metrics.losses_track.train_losses[l_key].item() / metrics.losses_track.train_iteration_counts, epoch - 1)

        epoch_loss = metrics.losses_track.train_losses['total'] / metrics.losses_track.train_iteration_counts
        print('=> Epoch {} loss: {:.6f}'.format(epoch, epoch_loss.item()))
        scheduler.step()

    return metrics


if __name__ == '__main__':
  import numpy as np
  model = LMSCNet(class_num=SemanticKITTI.nbr_classes, class_frequencies=np.array([5e5, 3e5, 2e5, 1.5e5]))
  optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
  scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda epoch: 0.98 ** epoch)
  dataset = {'train': torch.utils.data.DataLoader(SemanticKITTI(), batch_size=2, shuffle=True)}
  tbwriter = SummaryWriter()
  metrics = train(model, optimizer, scheduler, dataset, nbr_epochs=1, start_epoch=1, tbwriter=tbwriter)
