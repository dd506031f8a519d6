# stand-in for torchvision (not installed here); DensenetModels.py uses torchvision.models.densenet*
from . import models
