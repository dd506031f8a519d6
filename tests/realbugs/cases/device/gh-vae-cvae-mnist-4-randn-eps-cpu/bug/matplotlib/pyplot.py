import numpy as np


def figure(*args, **kwargs):
    return None


def subplot(*args, **kwargs):
    return None


def text(*args, **kwargs):
    return None


def imshow(image, *args, **kwargs):
    return np.asarray(image)


def axis(*args, **kwargs):
    return None


def savefig(*args, **kwargs):
    return None


def clf():
    return None


def close(*args):
    return None
