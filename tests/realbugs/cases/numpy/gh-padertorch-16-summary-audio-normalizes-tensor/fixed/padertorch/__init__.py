from . import summary
from . import utils
