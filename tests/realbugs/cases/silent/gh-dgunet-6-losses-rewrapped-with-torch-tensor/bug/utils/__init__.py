from .image_utils import *
