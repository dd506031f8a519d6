# Stand-in for the two torch_geometric pieces DConv uses (torch_geometric is not installed).
