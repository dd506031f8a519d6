from __future__ import absolute_import

from .vgg import *
from .resnet import *