# Stand-in for the OpenCV calls the demo makes (OpenCV is not installed): a random 200x200
# BGR image for imread, nearest-neighbour resize, and drawing/showing that does nothing.
import numpy as np


def imread(path):
    return np.random.RandomState(0).randint(0, 256, (200, 200, 3)).astype(np.uint8)


def resize(img, dsize):
    width, height = dsize
    rows = (np.arange(height) * img.shape[0] // height)
    cols = (np.arange(width) * img.shape[1] // width)
    return img[rows][:, cols]


def circle(img, center, color, radius):
    return img


def imshow(name, img):
    return None


def waitKey(delay):
    return -1
