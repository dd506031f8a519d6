# stand-in for torchnet (not installed here): only torchnet.meter's two meters main.py uses
from . import meter
