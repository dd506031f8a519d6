"""``tensorlens run``: the runtime sanitizer.

Runs a program under a ``TorchFunctionMode`` that checks the rules of the
catalogue on live tensors (TL101, TL103, TL104, TL201, TL203, TL301, TL302)
and reports each pitfall where it happens, with where its tensors came from.
Importing this package does not import torch; ``command.main`` does, once it
has parsed its arguments.
"""
