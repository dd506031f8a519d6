# Stand-in for the repository's Swin Transformer backbone (models/Transformers/ST.py needs timm
# and a pretrained checkpoint): same constructor arguments and the same output, a tuple of
# feature maps with embed_dim * 2**i channels at strides 4, 8, 16 for out_indices (0, 1, 2).
import torch
import torch.nn as nn


class ST(nn.Module):
    def __init__(self, in_chans=3, embed_dim=96, depths=(2, 2, 6), num_heads=(3, 6, 12), window_size=7,
                 ape=False, drop_path_rate=0.2, patch_norm=True, use_checkpoint=False, out_indices=(0, 1, 2)):
        super(ST, self).__init__()
        self.out_indices = out_indices
        self.num_layers = len(depths)
        self.num_features = [int(embed_dim * 2 ** i) for i in range(self.num_layers)]
        self.patch_embed = nn.Conv2d(in_chans, embed_dim, kernel_size=4, stride=4)
        self.layers = nn.ModuleList()
        for i in range(self.num_layers):
            cin = self.num_features[i - 1] if i > 0 else embed_dim
            stride = 2 if i > 0 else 1
            self.layers.append(nn.Sequential(nn.Conv2d(cin, self.num_features[i], 3, stride, 1), nn.GELU()))

    def init_weights(self, pretrained=None):
        pass  # no pretrained Swin weights here

    def forward(self, x):
        x = self.patch_embed(x)
        outs = []
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)
