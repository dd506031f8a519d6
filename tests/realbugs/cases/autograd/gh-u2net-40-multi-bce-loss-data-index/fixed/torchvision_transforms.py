"""Stands in for torchvision.transforms (torchvision does not import here): only Compose is used."""


class _Compose(object):
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, sample):
        for t in self.transforms:
            sample = t(sample)
        return sample


class transforms(object):
    Compose = _Compose
