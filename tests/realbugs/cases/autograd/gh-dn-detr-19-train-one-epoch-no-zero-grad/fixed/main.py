"""DN-DETR's main.py training loop around engine.train_one_epoch, without config files, distributed
setup, COCO and checkpoints; the DN-DETR model and SetCriterion are small stand-ins with the same
interface (outputs dict, loss dict, criterion.weight_dict)."""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F

from engine import train_one_epoch


class DETRStandIn(nn.Module):
    def __init__(self, num_classes=3, num_queries=4):
        super().__init__()
        self.num_queries = num_queries
        self.backbone = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.class_embed = nn.Linear(8, num_queries * (num_classes + 1))
        self.bbox_embed = nn.Linear(8, num_queries * 4)

    def forward(self, samples):
        h = self.backbone(samples)
        return {'pred_logits': self.class_embed(h).view(h.size(0), self.num_queries, -1),
                'pred_boxes': self.bbox_embed(h).sigmoid().view(h.size(0), self.num_queries, 4)}


class SetCriterionStandIn(nn.Module):
    def __init__(self, weight_dict):
        super().__init__()
        self.weight_dict = weight_dict

    def forward(self, outputs, targets):
        labels = torch.stack([t['labels'] for t in targets])
        boxes = torch.stack([t['boxes'] for t in targets])
        loss_ce = F.cross_entropy(outputs['pred_logits'].flatten(0, 1), labels.flatten())
        loss_bbox = F.l1_loss(outputs['pred_boxes'], boxes)
        return {'loss_ce': loss_ce, 'loss_bbox': loss_bbox, 'class_error': torch.tensor(0.0)}


def make_batches(n, batch_size=2, num_queries=4, num_classes=3):
    batches = []
    for _ in range(n):
        samples = torch.randn(batch_size, 3, 32, 32)
        targets = [{'labels': torch.randint(0, num_classes + 1, (num_queries,)), 'boxes': torch.rand(num_queries, 4)}
                   for _ in range(batch_size)]
        batches.append((samples, targets))
    return batches


def main():
    parser = argparse.ArgumentParser('DN-DETR training', add_help=False)
    parser.add_argument('--lr', default=1e-4, type=float)
    parser.add_argument('--weight_decay', default=1e-4, type=float)
    parser.add_argument('--epochs', default=1, type=int)
    parser.add_argument('--clip_max_norm', default=0.1, type=float)
    parser.add_argument('--amp', action='store_true')
    parser.add_argument('--debug', action='store_true')
    args = parser.parse_args([])

    device = torch.device('cpu')
    model = DETRStandIn().to(device)
    criterion = SetCriterionStandIn({'loss_ce': 1, 'loss_bbox': 5})
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    data_loader_train = make_batches(3)
    for epoch in range(args.epochs):
        train_stats = train_one_epoch(model, criterion, data_loader_train, optimizer, device, epoch,
                                      args.clip_max_norm, args=args)
        print(train_stats)


if __name__ == '__main__':
    main()
