from .tbx_utils import *
