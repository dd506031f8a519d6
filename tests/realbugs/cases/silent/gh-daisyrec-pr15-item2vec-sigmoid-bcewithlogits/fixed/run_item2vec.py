# daisyRec's run/test entry (yaml config, dataset readers, negative samplers, metrics) is cut to
# the part that trains Item2Vec: a config dict with the keys the recommender reads, and a loader
# of (target item, context item, label) skip-gram pairs from random user baskets, one sampled
# negative per positive pair.
import logging
import random

import torch
from torch.utils.data import DataLoader, TensorDataset

from daisy.model.Item2VecRecommender import Item2Vec

logging.basicConfig(level=logging.INFO, format='%(message)s')
random.seed(0)
torch.manual_seed(0)

user_num, item_num = 40, 60
train_ur = {u: set(random.sample(range(u % 6 * 10, u % 6 * 10 + 10), 5)) for u in range(user_num)}

pairs = []
for items in train_ur.values():
    for i in items:
        for j in items:
            if i != j:
                pairs.append((i, j, 1))
                pairs.append((i, random.randrange(item_num), 0))
pairs = torch.tensor(pairs)
train_loader = DataLoader(TensorDataset(pairs[:, 0], pairs[:, 1], pairs[:, 2]), batch_size=128, shuffle=True)

config = {
    'user_num': user_num, 'item_num': item_num, 'factors': 16, 'train_ur': train_ur,
    'lr': 0.01, 'epochs': 5, 'optimizer': 'default', 'init_method': 'default',
    'early_stop': False, 'topk': 10, 'gpu': '0', 'logger': logging.getLogger('daisy'),
}
model = Item2Vec(config)
model.fit(train_loader)
