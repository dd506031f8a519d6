from .dcrnn import DCRNN
