import torch

# stand-ins for the chapter's stacked 3s and 7s (6131 and 6265 images of 28x28 in the book)
stacked_threes = torch.rand(12, 28, 28)
stacked_sevens = torch.rand(10, 28, 28)

train_x = torch.cat([stacked_threes, stacked_sevens]).view(-1, 28 * 28)
train_y = torch.tensor([1] * len(stacked_threes) + [0] * len(stacked_sevens)).unsqueeze(1)
print(train_x.shape, train_y.shape)


def init_params(size, std=1.0): return (torch.randn(size) * std).requires_grad_()


weights = init_params((28 * 28, 1))
bias = init_params(1)

print((train_x[0] * weights.T).sum() + bias)


def linear1(xb): return xb @ weights + bias


preds = linear1(train_x)
print(preds.shape)

corrects = (preds > 0.0).float() == train_y
print(corrects.float().mean().item())


def mnist_loss(predictions, targets):
    predictions = predictions.sigmoid()
    return torch.where(targets == 1, 1 - predictions, predictions).mean()


loss = mnist_loss(preds, train_y)
loss.backward()
print(weights.grad.shape, weights.grad.mean(), bias.grad)
