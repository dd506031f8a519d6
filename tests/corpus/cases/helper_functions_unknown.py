# Code where devices come from arguments: nothing is known, nothing is reported.
import torch
import torch.nn as nn


def train_one_epoch(model, loader, optimizer, device):
    model.train()
    for inputs, targets in loader:
        inputs = inputs.to(device)
        outputs = model(inputs)
        loss = nn.functional.cross_entropy(outputs, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def evaluate(model, inputs, device):
    inputs = inputs.to(device)
    return model(inputs) + torch.zeros(1)
