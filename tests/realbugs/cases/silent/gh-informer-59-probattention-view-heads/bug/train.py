import numpy as np
import torch
import torch.nn as nn
from torch import optim

from models.model import Informer

# exp/exp_informer.py's Exp_Informer.train, one epoch of a few batches: the ETTh1 csv loader is
# replaced by random series and random hour/weekday/day/month marks of the same shapes.
seq_len, label_len, pred_len = 96, 48, 24
enc_in = dec_in = c_out = 7
batch_size, train_steps = 4, 3

model = Informer(enc_in, dec_in, c_out, seq_len, label_len, pred_len,
                 factor=5, d_model=32, n_heads=4, e_layers=2, d_layers=1, d_ff=32,
                 dropout=0.05, attn='prob', embed='fixed', freq='h', activation='gelu',
                 output_attention=False, distil=True,
                 device=torch.device('cpu')).double()

model_optim = optim.Adam(model.parameters(), lr=0.0001)
criterion = nn.MSELoss()


def random_marks(length):
    return torch.stack([torch.randint(0, 13, (batch_size, length)), torch.randint(0, 32, (batch_size, length)),
                        torch.randint(0, 7, (batch_size, length)), torch.randint(0, 24, (batch_size, length))],
                       dim=-1).double()


for epoch in range(1):
    train_loss = []
    model.train()
    for i in range(train_steps):
        model_optim.zero_grad()

        batch_x = torch.randn(batch_size, seq_len, enc_in).double()
        batch_y = torch.randn(batch_size, label_len + pred_len, enc_in).double()
        batch_x_mark = random_marks(seq_len)
        batch_y_mark = random_marks(label_len + pred_len)

        # decoder input
        dec_inp = torch.zeros_like(batch_y[:, -pred_len:, :]).double()
        dec_inp = torch.cat([batch_y[:, :label_len, :], dec_inp], dim=1).double()
        # encoder - decoder
        outputs = model(batch_x, batch_x_mark, dec_inp, batch_y_mark)

        f_dim = 0
        batch_y = batch_y[:, -pred_len:, f_dim:]
        loss = criterion(outputs, batch_y)
        train_loss.append(loss.item())

        loss.backward()
        model_optim.step()

    print("Epoch: {0}, Steps: {1} | Train Loss: {2:.7f}".format(epoch + 1, train_steps, np.average(train_loss)))
