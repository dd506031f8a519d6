# Stand-in for tqdm (not installed): the iterable itself, no progress bar.
def tqdm(iterable, *args, **kwargs):
    return iterable
