"""kws/bin/train.py's training loop, without the yaml config, distributed setup and checkpoints."""
import logging

import torch
import torch.nn as nn
import torch.optim as optim

from kws.utils.executor import Executor


class KWSModel(nn.Module):
    """A GRU keyword spotter with the (B, T, D) sigmoid output kws_model.KWSModel gives max_pooling_loss."""

    def __init__(self, idim=40, hdim=32, num_keywords=1):
        super().__init__()
        self.backbone = nn.GRU(idim, hdim, batch_first=True)
        self.classifier = nn.Linear(hdim, num_keywords)

    def forward(self, x):
        x, _ = self.backbone(x)
        return torch.sigmoid(self.classifier(x))


def make_data_loader(num_batches, batch_size=4, frames=20, idim=40):
    """Batches of (key, feats, target, feats_lengths) as the wekws dataset yields; random fbank features."""
    batches = []
    for b in range(num_batches):
        keys = ['utt{}_{}'.format(b, i) for i in range(batch_size)]
        feats = torch.randn(batch_size, frames, idim)
        target = torch.tensor([0, -1] * (batch_size // 2))
        feats_lengths = torch.full((batch_size,), frames, dtype=torch.long)
        batches.append((keys, feats, target, feats_lengths))
    return batches


def main():
    logging.basicConfig(level=logging.DEBUG, format='%(asctime)s %(levelname)s %(message)s')
    device = torch.device('cpu')
    model = KWSModel().to(device)
    executor = Executor()
    optimizer = optim.Adam(model.parameters(), lr=0.001, weight_decay=0.0001)
    training_config = {'grad_clip': 5, 'log_interval': 1, 'criterion': 'max_pooling'}
    train_data_loader = make_data_loader(3)
    cv_data_loader = make_data_loader(1)
    for epoch in range(2):
        training_config['epoch'] = epoch
        executor.train(model, optimizer, train_data_loader, device, None, training_config)
        cv_loss, cv_acc = executor.cv(model, cv_data_loader, device, training_config)
        logging.info('Epoch {} CV info cv_loss {} cv_acc {}'.format(epoch, cv_loss, cv_acc))


if __name__ == '__main__':
    main()
