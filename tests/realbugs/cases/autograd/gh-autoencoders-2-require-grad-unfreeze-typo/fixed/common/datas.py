import torch
from torch.utils.data.dataloader import DataLoader
from torch.utils.data import TensorDataset


def get_mnist_loader(batch_size=100, shuffle=True):
    """
    Random 28x28 images in [0, 1] with labels, in place of torchvision's MNIST (a download).
    :return: train_loader, test_loader
    """
    train_dataset = TensorDataset(torch.rand(2 * batch_size, 1, 28, 28), torch.randint(0, 10, (2 * batch_size,)))
    test_dataset = TensorDataset(torch.rand(batch_size, 1, 28, 28), torch.randint(0, 10, (batch_size,)))

    train_loader = torch.utils.data.DataLoader(dataset=train_dataset,
                                               batch_size=batch_size,
                                               shuffle=shuffle)
    test_loader = torch.utils.data.DataLoader(dataset=test_dataset,
                                              batch_size=batch_size,
                                              shuffle=shuffle)
    return train_loader, test_loader
