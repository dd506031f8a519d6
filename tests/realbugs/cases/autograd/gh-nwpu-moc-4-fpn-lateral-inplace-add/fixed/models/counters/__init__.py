from . import MCC
