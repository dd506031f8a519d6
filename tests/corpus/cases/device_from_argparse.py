# A device from the command line is unknown: no finding either way.
import argparse
import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--device", default="cuda")
args = parser.parse_args()
model = nn.Linear(3, 1).to(args.device)
x = torch.randn(2, 3)
y = model(x)
