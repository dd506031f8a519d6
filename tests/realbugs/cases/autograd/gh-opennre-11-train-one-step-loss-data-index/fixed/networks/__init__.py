from .embedding import *
from .encoder import *
from .selector import *
from .classifier import *
