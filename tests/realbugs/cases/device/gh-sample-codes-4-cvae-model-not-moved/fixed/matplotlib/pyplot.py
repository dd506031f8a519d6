import numpy as np


def figure(*args, **kwargs):
    return None


def imshow(image, *args, **kwargs):
    return np.asarray(image)


def show():
    return None
