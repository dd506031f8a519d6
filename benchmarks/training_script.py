"""A realistic 1,000-line PyTorch training program, generated, for the synthetic latency benchmark.

Models, datasets, an AMP training loop, evaluation, checkpoints, a hand-written
SGD step and a batch left on the CPU; :func:`training_script` makes it exactly
as long as asked by repeating the blocks and topping up with constants.
"""

from __future__ import annotations

HEADER = '''\
"""Train image and sequence classifiers with mixed precision, checkpoints and evaluation."""

import argparse
import json
import math
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset


@dataclass
class TrainConfig:
    data_dir: str = "data"
    out_dir: str = "runs"
    epochs: int = 10
    batch_size: int = 64
    lr: float = 3e-4
    weight_decay: float = 0.01
    warmup_steps: int = 500
    max_grad_norm: float = 1.0
    seed: int = 0
    amp: bool = True
    log_every: int = 50
    hidden: int = 256
    layers: int = 4
    dropout: float = 0.1
    tags: list = field(default_factory=list)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def parse_args() -> TrainConfig:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default="data")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--no-amp", action="store_true")
    args = parser.parse_args()
    return TrainConfig(data_dir=args.data_dir, epochs=args.epochs, batch_size=args.batch_size,
                       lr=args.lr, amp=not args.no_amp)


device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

'''

BLOCK = '''\

class ConvBlock{i}(nn.Module):
    """Conv -> BatchNorm -> ReLU, with an optional residual connection."""

    def __init__(self, channels: int, out_channels: int, stride: int = 1):
        super().__init__()
        self.conv = nn.Conv2d(channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(out_channels)
        self.shortcut = nn.Identity()
        if stride != 1 or channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(channels, out_channels, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x):
        out = F.relu(self.bn(self.conv(x)))
        return out + self.shortcut(x)


class Classifier{i}(nn.Module):
    """A small ResNet-style image classifier with a linear head."""

    def __init__(self, num_classes: int = {classes}, width: int = {width}):
        super().__init__()
        self.stem = nn.Conv2d(3, width, kernel_size=3, padding=1)
        self.blocks = nn.Sequential(
            ConvBlock{i}(width, width),
            ConvBlock{i}(width, width * 2, stride=2),
            ConvBlock{i}(width * 2, width * 4, stride=2),
        )
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout({dropout})
        self.head = nn.Linear(width * 4, num_classes)

    def forward(self, images):
        features = self.blocks(F.relu(self.stem(images)))
        pooled = self.pool(features).flatten(1)
        return self.head(self.dropout(pooled))


class SequenceEncoder{i}(nn.Module):
    """Token embedding, a transformer encoder and mean pooling over valid positions."""

    def __init__(self, vocab_size: int = {vocab}, dim: int = {width}, heads: int = 4, layers: int = 2):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, dim)
        self.position = nn.Parameter(torch.zeros(1, 512, dim))
        layer = nn.TransformerEncoderLayer(dim, heads, dim * 4, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers)
        self.norm = nn.LayerNorm(dim)
        self.out = nn.Linear(dim, {classes})

    def forward(self, tokens, mask):
        hidden = self.embed(tokens) + self.position[:, : tokens.size(1)]
        hidden = self.encoder(hidden, src_key_padding_mask=~mask)
        hidden = self.norm(hidden)
        weights = mask.unsqueeze(-1).float()
        pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)
        return self.out(pooled)


class ImageFolder{i}(Dataset):
    """Images stored as .npy arrays next to a labels.json file."""

    def __init__(self, root: str, train: bool = True):
        self.root = Path(root)
        with open(self.root / "labels.json") as handle:
            self.labels = json.load(handle)
        self.names = sorted(self.labels)
        self.train = train
        self.mean = torch.tensor([0.485, 0.456, 0.406]).view(3, 1, 1)
        self.std = torch.tensor([0.229, 0.224, 0.225]).view(3, 1, 1)

    def __len__(self):
        return len(self.names)

    def __getitem__(self, index):
        name = self.names[index]
        array = np.load(self.root / f"{{name}}.npy").astype(np.float32) / 255.0
        image = torch.from_numpy(array).permute(2, 0, 1)
        if self.train and random.random() < 0.5:
            image = image.flip(-1)
        image = (image - self.mean) / self.std
        return image, self.labels[name]


def collate_tokens{i}(batch, pad_id: int = 0):
    lengths = [len(tokens) for tokens, _ in batch]
    longest = max(lengths)
    tokens = torch.full((len(batch), longest), pad_id, dtype=torch.long)
    mask = torch.zeros(len(batch), longest, dtype=torch.bool)
    for row, (sequence, _) in enumerate(batch):
        tokens[row, : len(sequence)] = torch.as_tensor(sequence)
        mask[row, : len(sequence)] = True
    labels = torch.tensor([label for _, label in batch])
    return tokens, mask, labels


def cosine_with_warmup{i}(optimizer, warmup: int, total: int):
    def schedule(step):
        if step < warmup:
            return step / max(1, warmup)
        progress = (step - warmup) / max(1, total - warmup)
        return 0.5 * (1.0 + math.cos(math.pi * progress))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)


def train_one_epoch{i}(model, loader, optimizer, scheduler, scaler, config, epoch):
    model.train()
    running_loss = 0.0
    correct = 0
    seen = 0
    started = time.time()
    for step, (images, labels) in enumerate(loader):
        images = images.to(device, non_blocking=True)
        labels = labels.to(device, non_blocking=True)
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device_type=device.type, enabled=config.amp):
            logits = model(images)
            loss = F.cross_entropy(logits, labels, label_smoothing=0.{smooth})
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.max_grad_norm)
        scaler.step(optimizer)
        scaler.update()
        scheduler.step()
        running_loss += loss.item()
        correct += (logits.argmax(dim=1) == labels).sum().item()
        seen += labels.numel()
        if step % config.log_every == 0:
            elapsed = time.time() - started
            print(f"epoch {{epoch}} step {{step}} loss {{running_loss / (step + 1):.4f}} "
                  f"acc {{correct / max(1, seen):.3f}} {{elapsed:.1f}}s")
    return running_loss / max(1, len(loader)), correct / max(1, seen)


@torch.no_grad()
def evaluate{i}(model, loader):
    model.eval()
    total_loss = 0.0
    correct = 0
    count = 0
    for images, labels in loader:
        images = images.to(device)
        labels = labels.to(device)
        logits = model(images)
        total_loss += F.cross_entropy(logits, labels, reduction="sum").item()
        correct += (logits.argmax(dim=1) == labels).sum().item()
        count += labels.numel()
    return total_loss / max(1, count), correct / max(1, count)


def save_checkpoint{i}(model, optimizer, epoch, path):
    state = {{
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "epoch": epoch,
    }}
    torch.save(state, path)


def load_checkpoint{i}(model, optimizer, path):
    state = torch.load(path, map_location=device)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    return state["epoch"]

'''

FOOTER = '''\

def main():
    config = parse_args()
    seed_everything(config.seed)
    model = Classifier0().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    train_set = ImageFolder0(os.path.join(config.data_dir, "train"))
    val_set = ImageFolder0(os.path.join(config.data_dir, "val"), train=False)
    train_loader = DataLoader(train_set, batch_size=config.batch_size, shuffle=True, num_workers=4)
    val_loader = DataLoader(val_set, batch_size=config.batch_size)
    total_steps = config.epochs * len(train_loader)
    scheduler = cosine_with_warmup0(optimizer, config.warmup_steps, total_steps)
    scaler = torch.cuda.amp.GradScaler(enabled=config.amp)
    best = 0.0
    for epoch in range(config.epochs):
        train_loss, train_acc = train_one_epoch0(model, train_loader, optimizer, scheduler, scaler, config, epoch)
        val_loss, val_acc = evaluate0(model, val_loader)
        print(f"epoch {epoch}: train {train_loss:.4f}/{train_acc:.3f} val {val_loss:.4f}/{val_acc:.3f}")
        if val_acc > best:
            best = val_acc
            save_checkpoint0(model, optimizer, epoch, Path(config.out_dir) / "best.pt")


# A quick smoke run at import time, the way notebooks grow into scripts.
probe = Classifier0().to(device)
probe_batch = torch.randn(8, 3, 32, 32)
probe_logits = probe(probe_batch)

raw_features = np.random.rand(16, 8).astype(np.float32)
feature_tensor = torch.from_numpy(raw_features)
raw_features -= raw_features.mean(axis=0)
print(feature_tensor.std())

regressor = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
for _ in range(3):
    loss = regressor(feature_tensor).pow(2).mean()
    regressor.zero_grad()
    loss.backward()
    for param in regressor.parameters():
        param -= 0.01 * param.grad

if __name__ == "__main__":
    main()
'''


def training_script(lines: int = 1000) -> str:
    """A realistic PyTorch training program of exactly ``lines`` lines (at least ~400)."""
    blocks = [HEADER]
    count = HEADER.count("\n") + FOOTER.count("\n")
    index = 0
    while True:
        block = BLOCK.format(i=index, classes=10 + index, width=32 * (1 + index % 4), vocab=30000 + index,
                             dropout=0.1 + 0.05 * (index % 5), smooth=1 + index % 9)
        if count + block.count("\n") > lines:
            break
        blocks.append(block)
        count += block.count("\n")
        index += 1
    # Top up to the exact size with the kind of constants real scripts accumulate.
    padding = [f"LEGACY_SETTING_{n} = {n * 7 % 101}\n" for n in range(lines - count)]
    return "".join(blocks) + "".join(padding) + FOOTER
