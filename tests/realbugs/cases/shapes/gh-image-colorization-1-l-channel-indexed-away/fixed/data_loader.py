import torch

# Stand-in for the repository's loader: CIFAR-10 images converted to CIE-LAB with OpenCV and scaled
# to [0, 1], as (3, 32, 32) tensors. Random values here; 4 images instead of 50000.
lab_images = [torch.rand(3, 32, 32) for _ in range(4)]


class CieLABDataset(torch.utils.data.Dataset):
    """CieLab dataset."""
    def __len__(self):
        return len(lab_images)

    def __getitem__(self, index):
        img = lab_images[index]
        return img


cielab_dataset = CieLABDataset()
cielab_loader = torch.utils.data.DataLoader(cielab_dataset, batch_size=4, shuffle=True)
