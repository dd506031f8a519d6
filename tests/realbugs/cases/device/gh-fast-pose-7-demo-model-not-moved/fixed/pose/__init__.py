from __future__ import absolute_import

# datasets (scipy, progress bars) left out: the demo needs only the models and osutils
from . import models
from . import utils

__version__ = '0.1.0'
