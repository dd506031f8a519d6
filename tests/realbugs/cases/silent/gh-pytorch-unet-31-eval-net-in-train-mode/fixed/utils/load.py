#
# load.py : utils on generators / lists of ids to transform from strings to
#           cropped images and masks
#
# The Carvana .jpg/_mask.gif files (read with PIL) are replaced by random 32x64 "car" images
# whose mask is a bright random ellipse; get_ids/split_ids/get_imgs_and_masks keep their
# generator interface and the left/right square split of each image.

import numpy as np

from .utils import get_square, normalize, hwc_to_chw


def get_ids(dir):
    """Returns a list of the ids in the directory"""
    return (f'car{i:02d}' for i in range(6))


def split_ids(ids, n=2):
    """Split each id in n, creating n tuples (id, k) for each id"""
    return ((id, i) for i in range(n) for id in ids)


def _read(id, kind):
    rng = np.random.RandomState(int(id[3:]))
    yy, xx = np.mgrid[:32, :64]
    cy, cx = rng.randint(10, 22), rng.randint(16, 48)
    mask = (((yy - cy) / 8.0) ** 2 + ((xx - cx) / 14.0) ** 2 < 1).astype(np.float32)
    if kind == 'mask':
        return mask
    img = 80 * rng.rand(32, 64, 3) + 150 * mask[:, :, None]
    return img.astype(np.float32)


def to_cropped_imgs(ids, dir, suffix, scale):
    """From a list of tuples, returns the correct cropped img"""
    for id, pos in ids:
        im = _read(id, 'mask' if suffix == '_mask.gif' else 'img')
        yield np.ascontiguousarray(get_square(im, pos))

def get_imgs_and_masks(ids, dir_img, dir_mask, scale):
    """Return all the couples (img, mask)"""

    imgs = to_cropped_imgs(ids, dir_img, '.jpg', scale)

    # need to transform from HWC to CHW
    imgs_switched = map(hwc_to_chw, imgs)
    imgs_normalized = map(normalize, imgs_switched)

    masks = to_cropped_imgs(ids, dir_mask, '_mask.gif', scale)

    return zip(imgs_normalized, masks)
