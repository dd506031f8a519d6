from scratchai.attacks.attacks.fast_gradient_method import *
