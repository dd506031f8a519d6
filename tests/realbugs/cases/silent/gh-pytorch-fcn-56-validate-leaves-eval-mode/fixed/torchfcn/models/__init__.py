# flake8: noqa
from .fcn32s import FCN32s
