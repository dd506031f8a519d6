# Stand-in for the two scipy.ndimage filters the demo's post-processing uses (scipy is not installed).
