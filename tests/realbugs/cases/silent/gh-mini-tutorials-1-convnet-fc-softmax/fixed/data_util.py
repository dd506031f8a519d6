import numpy as np

DATASET_DIR = 'datasets/'


def one_hot(x, n):
    if type(x) == list:
        x = np.array(x)
    x = x.flatten()
    o_h = np.zeros((len(x), n))
    o_h[np.arange(len(x)), x] = 1
    return o_h


def load_mnist(ntrain=1000, ntest=500, onehot=True):
    # MNIST download replaced by random 28x28 "images": one random prototype per digit plus
    # noise, so the classes are learnable in a few epochs.
    rng = np.random.RandomState(0)
    prototypes = rng.rand(10, 28 * 28)
    trY = rng.randint(0, 10, ntrain)
    teY = rng.randint(0, 10, ntest)
    trX = 0.5 * prototypes[trY] + 0.5 * rng.rand(ntrain, 28 * 28)
    teX = 0.5 * prototypes[teY] + 0.5 * rng.rand(ntest, 28 * 28)

    if onehot:
        trY = one_hot(trY, 10)
        teY = one_hot(teY, 10)
    else:
        trY = np.asarray(trY)
        teY = np.asarray(teY)

    return trX, teX, trY, teY
