from .u2net import U2NET
from .u2net import U2NETP
