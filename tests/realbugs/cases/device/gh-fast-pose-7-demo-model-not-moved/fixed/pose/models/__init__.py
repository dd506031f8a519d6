from .hourglass import *
