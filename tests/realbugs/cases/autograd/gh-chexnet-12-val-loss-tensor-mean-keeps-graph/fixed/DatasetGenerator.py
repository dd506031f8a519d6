# Stand-in for the repository's DatasetGenerator (ChestX-ray14 PNGs listed in dataset/*.txt):
# same constructor and (image, 14-label FloatTensor) samples, but random 3x32x32 images.
import torch
from torch.utils.data import Dataset

#-------------------------------------------------------------------------------- 

class DatasetGenerator (Dataset):

    def __init__ (self, pathImageDirectory, pathDatasetFile, transform, count=6, classCount=14):
        self.transform = transform
        self.listImages = [torch.randn(3, 32, 32) for _ in range(count)]
        self.listImageLabels = [(torch.rand(classCount) > 0.8).float() for _ in range(count)]

    def __getitem__(self, index):
        imageData = self.listImages[index]
        imageLabel = self.listImageLabels[index]
        if self.transform != None: imageData = self.transform(imageData)
        return imageData, imageLabel

    def __len__(self):
        return len(self.listImages)
