from tokenlearner_pytorch.tokenlearner_pytorch import TokenLearner, TokenFuser

__version__ = "0.1.2"
__author__ = 'Rishabh Anand'
__credits__ = 'Google AI'