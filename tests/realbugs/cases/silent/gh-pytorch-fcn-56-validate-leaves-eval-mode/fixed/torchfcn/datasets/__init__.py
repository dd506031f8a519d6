# flake8: noqa
from .voc import SBDClassSeg
from .voc import VOC2011ClassSeg
