# Stand-in for matplotlib (not installed): pyplot turns what it is given into numpy arrays,
# as the real one does before drawing, and draws nothing.
