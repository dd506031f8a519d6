import numpy as np


def plot(*data, **kwargs):
    return [np.asarray(d) for d in data]


def ylabel(*args, **kwargs):
    return None


def xlabel(*args, **kwargs):
    return None


def show():
    return None
