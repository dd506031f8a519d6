# -*- coding: utf-8 -*-
# @Time    : 2019/1/2 18:18
# @Author  : zhoujun
from .model import PSENet
