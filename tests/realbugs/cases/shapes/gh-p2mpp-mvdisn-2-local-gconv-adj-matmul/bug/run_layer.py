import torch

from layers import LocalGConv

# bs=1, num_pts=200, num_hyp=43, feature_vec=150 (the report has 2000 points and 1500 features)
features = torch.rand((1, 200, 43, 150))
adj = torch.eye(200)  # stand-in for the (num_pts, num_pts) adjacency loaded with np.load
layer = LocalGConv(in_features=150, out_features=128, adj=adj)
output = layer(features)
print(output.shape)
