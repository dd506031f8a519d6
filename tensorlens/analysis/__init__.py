"""The engine: an abstract interpreter over libcst with a lattice of tensor facts.

It walks a file once, keeps what it knows of each value (device, grad state,
leaf-ness, aliases, autograd history) and emits events that the rule classes
it is handed subscribe to. It never imports a rule, a face or torch.
"""
