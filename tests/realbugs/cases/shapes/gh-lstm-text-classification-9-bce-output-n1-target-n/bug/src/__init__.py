from .model import SiameseNet
from .utils import PrepareData
