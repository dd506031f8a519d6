from scratchai.attacks.attacks import *
