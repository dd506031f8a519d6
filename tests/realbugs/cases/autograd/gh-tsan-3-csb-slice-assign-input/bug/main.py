import argparse

import torch
import torch.nn as nn

from model.tsan import make_model

parser = argparse.ArgumentParser(description='TSAN')
parser.add_argument('--n_feats', type=int, default=64)
parser.add_argument('--scale', type=str, default='2')
parser.add_argument('--n_colors', type=int, default=3)
parser.add_argument('--rgb_range', type=int, default=255)
parser.add_argument('--lr', type=float, default=1e-4)
args = parser.parse_args([])
args.scale = list(map(lambda x: int(x), args.scale.split('+')))

model = make_model(args)
loss_fn = nn.L1Loss()
optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)

for batch in range(1):
    lr = torch.rand(1, 3, 16, 16) * args.rgb_range
    hr = torch.rand(1, 3, 32, 32) * args.rgb_range
    optimizer.zero_grad()
    sr1, sr2 = model(lr)
    loss1 = loss_fn(sr1, hr)
    loss2 = loss_fn(sr2, hr)
    loss = loss1 + loss2
    loss.backward()
    optimizer.step()
    print('[{}]\t{:.4f}'.format(batch + 1, loss.item()))
