from .Model import Model
from .CNN_ATT import CNN_ATT
from .PCNN_ATT import PCNN_ATT
from .CNN_AVE import CNN_AVE
from .PCNN_AVE import PCNN_AVE
from .CNN_ONE import CNN_ONE
from .PCNN_ONE import PCNN_ONE
