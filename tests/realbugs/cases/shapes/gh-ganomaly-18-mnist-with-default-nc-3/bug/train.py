"""
TRAIN GANOMALY

. Example: Run the following command from the terminal.
    run train.py                             \
        --dataset mnist                      \
        --niter 20                           \
        --abnormal_class 5
"""

import torch
import torch.nn as nn
import torch.optim as optim

from options import Options
from lib.networks import NetG, weights_init

# the reporter's command line: python3 train.py --dataset mnist --niter 20 --anomaly_class 5
# (the option is called --abnormal_class in this version of options.py)
opt = Options().parse(['--dataset', 'mnist', '--niter', '20', '--abnormal_class', '5'])
device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")

# one training batch of MNIST as lib/data.py loads it (Resize(isize), ToTensor: 1 x 32 x 32); random here
input = torch.rand(opt.batchsize, 1, opt.isize, opt.isize).to(device)

netg = NetG(opt).to(device)
netg.apply(weights_init)
l_con = nn.L1Loss()
optimizer_g = optim.Adam(netg.parameters(), lr=opt.lr, betas=(opt.beta1, 0.999))

fake, latent_i, latent_o = netg(input)
err_g_con = l_con(input, fake)
optimizer_g.zero_grad()
err_g_con.backward()
optimizer_g.step()
print(err_g_con.item(), latent_i.shape)
