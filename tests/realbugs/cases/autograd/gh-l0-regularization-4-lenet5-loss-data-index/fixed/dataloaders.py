# Stand-in for the repository's dataloaders.mnist (torchvision MNIST download): same call and
# return value, random 1x28x28 images (8 training, 4 validation) with labels 0-9.
import torch


def mnist(batch_size=100, pm=False):
    def images(n):
        x = torch.rand(n, 1, 28, 28)
        return x.view(n, -1) if pm else x

    train_loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(images(8), torch.randint(0, 10, (8,))),
        batch_size=batch_size, shuffle=True)
    val_loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(images(4), torch.randint(0, 10, (4,))),
        batch_size=batch_size, shuffle=True)
    num_classes = 10

    return train_loader, val_loader, num_classes
