"""train.py of Shift-Net, cut to the model's optimize_parameters over a few batches (options as
train_options.py defines them, with --gan_type re_avg_gan)."""
import argparse

import torch

from models.shiftnet_model import ShiftNetModel

parser = argparse.ArgumentParser()
parser.add_argument('--gan_type', type=str, default='re_avg_gan', help='wgan_gp, lsgan, vanilla, re_s_gan, re_avg_gan')
parser.add_argument('--gan_weight', type=float, default=0.2)
parser.add_argument('--lambda_A', type=int, default=100)
parser.add_argument('--skip', type=int, default=1, help='skip the innerCos constraint loss of the shift layers')
parser.add_argument('--input_nc', type=int, default=3)
parser.add_argument('--output_nc', type=int, default=3)
parser.add_argument('--ngf', type=int, default=8)
parser.add_argument('--ndf', type=int, default=8)
parser.add_argument('--lr', type=float, default=0.0002)
parser.add_argument('--beta1', type=float, default=0.5)
parser.add_argument('--fineSize', type=int, default=32)
opt = parser.parse_args([])

model = ShiftNetModel()
model.initialize(opt)

# Paris street view images with the centre masked: random 32x32 stand-ins
dataset = [{'A': torch.rand(2, 3, opt.fineSize, opt.fineSize), 'B': torch.rand(2, 3, opt.fineSize, opt.fineSize)} for _ in range(2)]
for i, data in enumerate(dataset):
    model.set_input(data)
    model.optimize_parameters()
    print(i, model.loss_D.item(), model.loss_G.item())
