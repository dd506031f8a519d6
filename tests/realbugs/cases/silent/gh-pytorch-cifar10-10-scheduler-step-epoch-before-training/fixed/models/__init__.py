from .LeNet import *
from .WideResNet import *
