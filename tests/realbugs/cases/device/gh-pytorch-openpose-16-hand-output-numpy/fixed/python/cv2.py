# Stand-in for the two OpenCV calls hand.py makes (OpenCV is not installed): nearest-neighbour
# resize and an imread that returns a random 200x200 BGR image instead of images/hand.jpg.
import numpy as np

INTER_CUBIC = 2


def resize(img, dsize, fx=0, fy=0, interpolation=INTER_CUBIC):
    height, width = img.shape[:2]
    new_w, new_h = dsize if dsize != (0, 0) else (int(round(width * fx)), int(round(height * fy)))
    rows = np.minimum((np.arange(new_h) * height / new_h).astype(int), height - 1)
    cols = np.minimum((np.arange(new_w) * width / new_w).astype(int), width - 1)
    return img[rows][:, cols]


def imread(path):
    return np.random.RandomState(0).randint(0, 256, (200, 200, 3)).astype(np.uint8)
