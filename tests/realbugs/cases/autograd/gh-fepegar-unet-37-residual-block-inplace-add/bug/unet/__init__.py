__version__ = '0.7.9'

from .unet import UNet, UNet2D, UNet3D
