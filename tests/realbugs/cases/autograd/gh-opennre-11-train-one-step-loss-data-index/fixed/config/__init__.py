from .Config import Config
