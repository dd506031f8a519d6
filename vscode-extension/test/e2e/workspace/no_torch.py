"""Runs under an interpreter without tensorlens: the debug view must say so, once."""
values = [1, 2, 3]
total = sum(values)  # BREAKPOINT
print(total)
