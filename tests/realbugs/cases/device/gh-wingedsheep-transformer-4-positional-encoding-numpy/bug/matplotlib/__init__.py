# Stand-in for matplotlib (not installed): pyplot takes its data as numpy arrays and draws nothing.
