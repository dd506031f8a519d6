import torch
from torch import tensor

# the MNIST_SAMPLE threes and sevens (fastai's untar_data download) as random 28x28 images
stacked_threes = torch.rand(60, 28, 28)
stacked_sevens = torch.rand(60, 28, 28)
threes, sevens = list(stacked_threes), list(stacked_sevens)

train_x = torch.cat([stacked_threes, stacked_sevens]).view(-1, 28*28)
train_y = tensor([1]*len(threes) + [0]*len(sevens)).unsqueeze(1)
train_x.shape,train_y.shape

dset = list(zip(train_x,train_y))
x,y = dset[0]
x.shape,y


def init_params(size, std=1.0): return (torch.randn(size)*std).requires_grad_()


weights = init_params((28*28,1))
bias = init_params(1)

(train_x[0]*weights.T).sum() + bias


def linear1(xb): return xb@weights + bias
preds = linear1(train_x)
preds

corrects = (preds>0.0).float() == train_y
corrects

print(corrects.float().mean().item())

with torch.no_grad(): weights[0] *= 1.0001

preds = linear1(train_x)
print(((preds>0.0).float() == train_y).float().mean().item())
