from .load import *
from .utils import *
