"""Shape arithmetic against torch: what shapes.py and layers.py compute is what torch computes, and where torch
raises, they give torch's own error text."""

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from tensorlens.analysis import layers as ly
from tensorlens.analysis import shapes as sh
from tensorlens.analysis.shapes import Dim, Mismatch, Symbol, of_sizes
from tensorlens.analysis.torch_api.shapes import LossContract


def torch_outcome(run):
    """The result's shape as a list, or torch's error text (first line)."""
    try:
        return list(run().shape)
    except (RuntimeError, ValueError) as error:
        return str(error).splitlines()[0]


def static_outcome(result):
    if isinstance(result, Mismatch):
        return result.error
    assert result is not None and result.is_literal, result
    return [d.literal for d in result.dims]


BROADCASTS = [((2, 3), (3,)), ((4, 1, 3), (5, 1)), ((2, 3), (2, 4)), ((32, 10, 7, 7), (32, 10)), ((1,), (6, 5)),
              ((3, 1), (1, 3, 4)), ((8, 1, 6, 1), (7, 1, 5)), ((2, 7, 16), (7, 1, 16))]


@pytest.mark.parametrize("a, b", BROADCASTS)
def test_broadcast(a, b):
    expected = torch_outcome(lambda: torch.ones(*a) + torch.ones(*b))
    assert static_outcome(sh.broadcast(of_sizes(*a), of_sizes(*b))) == expected


IN_PLACE = [((2, 3), (3,)), ((3,), (2, 3)), ((2, 1), (2, 3)), ((1, 8, 6), (1, 8, 5))]


@pytest.mark.parametrize("a, b", IN_PLACE)
def test_broadcast_in_place(a, b):
    def run():
        target = torch.ones(*a)
        target += torch.ones(*b)
        return target

    assert static_outcome(sh.broadcast_in_place(of_sizes(*a), of_sizes(*b))) == torch_outcome(run)


PRODUCTS = [((2, 3), (3, 4)), ((1, 784), (10, 784)), ((3,), (3, 4)), ((3,), (4, 5)), ((4, 5), (5,)), ((4, 5), (3,)),
            ((3,), (4,)), ((5,), (5,)), ((7, 2, 3), (3, 4)), ((2, 3, 4), (2, 5, 6)), ((6, 1, 2, 3), (5, 3, 8)),
            ((5, 5), (1, 2, 43, 128))]


@pytest.mark.parametrize("a, b", PRODUCTS)
def test_matmul(a, b):
    expected = torch_outcome(lambda: torch.matmul(torch.ones(*a), torch.ones(*b)))
    assert static_outcome(sh.matmul(of_sizes(*a), of_sizes(*b))) == expected


@pytest.mark.parametrize("a, b", [((2, 3), (3, 4)), ((1, 2), (64, 6)), ((1, 2, 3), (3, 6))])
def test_mm(a, b):
    assert static_outcome(sh.mm(of_sizes(*a), of_sizes(*b))) == \
        torch_outcome(lambda: torch.mm(torch.ones(*a), torch.ones(*b)))


@pytest.mark.parametrize("a, b", [((2, 3, 4), (2, 4, 5)), ((2, 3, 4), (2, 5, 6)), ((2, 3, 4), (3, 4, 6))])
def test_bmm(a, b):
    assert static_outcome(sh.bmm(of_sizes(*a), of_sizes(*b))) == \
        torch_outcome(lambda: torch.bmm(torch.ones(*a), torch.ones(*b)))


JOINS = [([(2, 3), (2, 4)], 0), ([(2, 3), (2, 4)], 1), ([(2, 3), (2, 3, 1)], 1),
         ([(1, 64, 87, 87), (1, 64, 86, 86)], 1),
         ([(2, 3, 5), (2, 3, 1)], -1), ([(0,), (2, 3)], 0), ([(4, 5), (4, 5), (4, 5)], 0)]


@pytest.mark.parametrize("sizes, dim", JOINS)
def test_cat(sizes, dim):
    expected = torch_outcome(lambda: torch.cat([torch.ones(*s) for s in sizes], dim))
    result = sh.concatenate([of_sizes(*s) for s in sizes], dim)
    if result is None:  # unknown is allowed (legacy empty 1-D operands), never where torch raises
        assert isinstance(expected, list)
        return
    assert static_outcome(result) == expected


@pytest.mark.parametrize("sizes, dim", [([(3,), (4,)], 0), ([(2, 3), (2, 3)], 1), ([(2, 3), (2, 3)], -1)])
def test_stack(sizes, dim):
    expected = torch_outcome(lambda: torch.stack([torch.ones(*s) for s in sizes], dim))
    assert static_outcome(sh.stack([of_sizes(*s) for s in sizes], dim)) == expected


RESHAPES = [((6,), (-1, 4)), ((6,), (4, 2)), ((6,), (3, -1)), ((2, 3, 4), (4, -1)), ((6, 16, 2, 2), (-1, 400)),
            ((2, 3), (6,)), ((10,), (3, -1))]


@pytest.mark.parametrize("shape, sizes", RESHAPES)
def test_reshape(shape, sizes):
    expected = torch_outcome(lambda: torch.ones(*shape).reshape(*sizes))
    assert static_outcome(sh.reshape(of_sizes(*shape), [sh.literal(s) if s >= 0 else Dim(s) for s in sizes])) \
        == expected


def test_symbolic_sizes_contradict_only_where_literals_meet():
    batch = sh.symbolic(Symbol("batch", "B"))
    flat = sh.Shape((batch, sh.literal(256)))
    assert isinstance(sh.reshape(flat, [batch, sh.literal(400)]), Mismatch)  # B*256 elements are never B*400
    assert sh.reshape(flat, [Dim(-1), sh.literal(400)]) == sh.Shape((None, sh.literal(400)))  # B may be 25
    assert sh.broadcast(sh.Shape((batch, sh.literal(3))), of_sizes(5, 3)) == of_sizes(5, 3)
    assert sh.linear(sh.Shape((batch, None)), sh.literal(10), sh.literal(2)) == sh.Shape((batch, sh.literal(2)))
    assert not sh.certainly_differ(batch, sh.literal(64))


CONVS = [(nn.Conv2d(3, 16, 5), (8, 3, 32, 32)), (nn.Conv2d(1, 6, 5), (64, 32, 32)),
         (nn.Conv2d(3, 8, 3), (2, 8, 3, 9, 9)),
         (nn.Conv2d(1, 1, 5), (1, 1, 4, 4)), (nn.Conv2d(4, 8, 3, stride=2, padding=1, dilation=2), (2, 4, 17, 19)),
         (nn.Conv1d(4, 1, 3), (1, 3, 8)), (nn.ConvTranspose2d(2, 1, 3), (1, 3, 8, 8)),
         (nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1), (1, 8, 11, 13)),
         (nn.Conv2d(4, 8, 3, groups=2), (1, 6, 8, 8)), (nn.Conv2d(3, 6, 3, padding="same"), (1, 3, 7, 9))]


def _conv_layer(module):
    transposed = isinstance(module, (nn.ConvTranspose1d, nn.ConvTranspose2d))
    padding = None if module.padding == "same" else _sizes(module.padding)
    return ly.ConvLayer(len(module.kernel_size), sh.literal(module.in_channels), sh.literal(module.out_channels),
                        _sizes(module.kernel_size), _sizes(module.stride), padding, _sizes(module.dilation),
                        module.groups, transposed, _sizes(module.output_padding) if transposed else ())


def _sizes(values):
    return tuple(sh.literal(v) for v in values)


@pytest.mark.parametrize("module, size", CONVS, ids=[f"{type(m).__name__}-{s}" for m, s in CONVS])
def test_conv(module, size):
    expected = torch_outcome(lambda: module(torch.ones(*size)))
    assert static_outcome(ly.conv_output(_conv_layer(module), of_sizes(*size))) == expected


POOLS = [(nn.MaxPool2d(2), (1, 16, 9, 9)), (nn.MaxPool2d(3, stride=2, ceil_mode=True), (1, 16, 28, 28)),
         (nn.MaxPool2d(2), (1, 16, 1, 1)), (nn.AvgPool2d(3), (1, 16, 2, 2)), (nn.AvgPool2d(2, padding=1), (1, 3, 9, 9)),
         (nn.MaxPool1d(3, stride=2, ceil_mode=True), (2, 4, 10)), (nn.MaxPool2d(2), (16, 1))]


@pytest.mark.parametrize("module, size", POOLS, ids=[f"{type(m).__name__}-{s}" for m, s in POOLS])
def test_pool(module, size):
    n = 1 if isinstance(module, (nn.MaxPool1d, nn.AvgPool1d)) else 2

    def spatial(value, default):
        value = default if value is None else value
        return _sizes(value) if isinstance(value, tuple) else _sizes((value,) * n)

    layer = ly.PoolLayer(n, spatial(module.kernel_size, 1), spatial(module.stride, module.kernel_size),
                         spatial(module.padding, 0), spatial(getattr(module, "dilation", 1), 1), module.ceil_mode)
    expected = torch_outcome(lambda: module(torch.ones(*size)))
    assert static_outcome(ly.pool_output(layer, of_sizes(*size))) == expected


LOSSES = [
    (LossContract.CLASS_INDICES, "CrossEntropyLoss", (32, 20, 500), (32, 20), torch.long),
    (LossContract.CLASS_INDICES, "CrossEntropyLoss", (4, 3), (4, 1), torch.long),
    (LossContract.CLASS_INDICES, "CrossEntropyLoss", (4, 3), (5,), torch.long),
    (LossContract.CLASS_INDICES, "CrossEntropyLoss", (4, 3, 5), (4, 3, 6), torch.float),
    (LossContract.CLASS_INDICES, "CrossEntropyLoss", (4, 3, 5), (4,), torch.long),
    (LossContract.CLASS_INDICES, "CrossEntropyLoss", (4, 3), (4,), torch.long),
    (LossContract.CLASS_INDICES, "CrossEntropyLoss", (4, 3), (4, 3), torch.float),
    (LossContract.PROBABILITIES, "BCELoss", (16, 1), (16,), torch.float),
    (LossContract.PROBABILITIES, "BCELoss", (16,), (16,), torch.float),
    (LossContract.LOGITS, "BCEWithLogitsLoss", (2, 20, 4, 4), (2, 32, 4, 4), torch.float),
    (LossContract.BROADCAST, "MSELoss", (16, 3), (16, 4), torch.float),
]


@pytest.mark.parametrize("contract, name, given, target, dtype", LOSSES)
def test_loss(contract, name, given, target, dtype):
    inputs = torch.rand(*given)
    targets = torch.zeros(*target, dtype=dtype)
    mismatch = ly.loss_mismatch(contract, name, of_sizes(*given), of_sizes(*target))
    outcome = torch_outcome(lambda: getattr(nn, name)()(inputs, targets).reshape(1))
    assert (mismatch.error if mismatch is not None else [1]) == outcome


RECURRENT = [(nn.LSTM(3, 2), (6, 4, 5), ()), (nn.LSTM(3, 2), (6, 4, 3), ((4, 2), (4, 2))),
             (nn.LSTM(3, 2, 2), (6, 4, 3), ((2, 5, 2), (2, 5, 2))), (nn.GRU(3, 2), (6, 4, 3), ((1, 5, 2),)),
             (nn.LSTM(3, 2, batch_first=True), (6, 4, 3), ((1, 4, 2), (1, 4, 2))), (nn.LSTM(3, 2), (6, 4, 3, 1), ()),
             (nn.LSTM(3, 4, 2, bidirectional=True), (7, 5, 3), ((4, 5, 4), (4, 5, 4)))]


@pytest.mark.parametrize("module, size, state", RECURRENT)
def test_recurrent(module, size, state):
    layer = ly.RecurrentLayer(type(module).__name__, sh.literal(module.input_size), sh.literal(module.hidden_size),
                              module.num_layers, module.batch_first, module.bidirectional)
    hidden = tuple(torch.zeros(*s) for s in state)
    outcome = torch_outcome(lambda: module(torch.ones(*size), *((hidden if len(hidden) > 1 else hidden[0],)
                                                                 if hidden else ()))[0])
    result = ly.recurrent_output(layer, of_sizes(*size), tuple(of_sizes(*s) for s in state))
    assert (result.mismatch.error if result.mismatch is not None else static_outcome(result.output)) == outcome


def test_functional_forms_agree_with_modules():
    x = torch.ones(2, 4, 9, 9)
    assert list(F.max_pool2d(x, 2).shape) == static_outcome(
        ly.pool_output(ly.PoolLayer(2, _sizes((2, 2)), _sizes((2, 2)), _sizes((0, 0)), _sizes((1, 1)), False),
                       of_sizes(2, 4, 9, 9)))
