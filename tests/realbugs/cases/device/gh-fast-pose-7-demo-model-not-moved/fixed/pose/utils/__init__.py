from __future__ import absolute_import

# evaluation/imutils/logger/misc/transforms (scipy, matplotlib) left out: the demo imports osutils only
from .osutils import *
