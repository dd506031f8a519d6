import torch
from torch.utils.data import Dataset


class InpaintDataset(Dataset):
    # ImageNet crops and free-form masks (cv2) are replaced by random images in [-1, 1] and a
    # random rectangular hole per image, 4 samples in all
    def __init__(self, opt):
        self.opt = opt
        generator = torch.Generator().manual_seed(0)
        self.imgs = torch.rand(4, 3, opt.imgsize, opt.imgsize, generator = generator) * 2 - 1
        self.masks = torch.zeros(4, 1, opt.imgsize, opt.imgsize)
        for i in range(4):
            top, left = torch.randint(0, opt.imgsize // 2, (2,), generator = generator).tolist()
            self.masks[i, :, top:top + opt.imgsize // 4, left:left + opt.imgsize // 4] = 1

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, index):
        return self.imgs[index], self.masks[index]
