"""Tensor factories, NumPy interop, devices, dtypes and autograd switches, one record each (see :mod:`.records`)."""

from __future__ import annotations

from tensorlens.analysis.torch_api.records import (
    BackwardApi,
    FactoryApi,
    FactoryKind,
    GradMode,
    GradModeApi,
    NamedApi,
    NumpyApi,
    NumpyEffect,
    Role,
)

# New tensors on the default device (CPU unless the file changes it) unless given ``device=``.
FACTORIES: tuple[FactoryApi, ...] = (
    FactoryApi("torch.BoolTensor", FactoryKind.OTHER, cpu_only=True),
    FactoryApi("torch.DoubleTensor", FactoryKind.OTHER, cpu_only=True),
    FactoryApi("torch.FloatTensor", FactoryKind.OTHER, cpu_only=True),
    FactoryApi("torch.IntTensor", FactoryKind.OTHER, cpu_only=True),
    FactoryApi("torch.LongTensor", FactoryKind.OTHER, cpu_only=True),
    FactoryApi("torch.Tensor", FactoryKind.OTHER, cpu_only=True),
    FactoryApi("torch.arange", FactoryKind.VECTOR),
    FactoryApi("torch.as_tensor", FactoryKind.DATA, shares_memory=True),
    FactoryApi("torch.asarray", FactoryKind.DATA, shares_memory=True),
    FactoryApi("torch.bartlett_window", FactoryKind.OTHER),
    FactoryApi("torch.blackman_window", FactoryKind.OTHER),
    FactoryApi("torch.complex", FactoryKind.OTHER),
    FactoryApi("torch.empty", FactoryKind.SIZED),
    FactoryApi("torch.empty_like", FactoryKind.LIKE),
    FactoryApi("torch.empty_strided", FactoryKind.OTHER),
    FactoryApi("torch.eye", FactoryKind.VECTOR),
    FactoryApi("torch.full", FactoryKind.SIZED),
    FactoryApi("torch.full_like", FactoryKind.LIKE),
    FactoryApi("torch.hamming_window", FactoryKind.OTHER),
    FactoryApi("torch.hann_window", FactoryKind.OTHER),
    FactoryApi("torch.kaiser_window", FactoryKind.OTHER),
    FactoryApi("torch.linspace", FactoryKind.VECTOR),
    FactoryApi("torch.logspace", FactoryKind.VECTOR),
    FactoryApi("torch.normal", FactoryKind.OTHER),
    FactoryApi("torch.ones", FactoryKind.SIZED),
    FactoryApi("torch.ones_like", FactoryKind.LIKE),
    FactoryApi("torch.polar", FactoryKind.OTHER),
    FactoryApi("torch.rand", FactoryKind.SIZED),
    FactoryApi("torch.rand_like", FactoryKind.LIKE),
    FactoryApi("torch.randint", FactoryKind.OTHER),
    FactoryApi("torch.randint_like", FactoryKind.LIKE),
    FactoryApi("torch.randn", FactoryKind.SIZED),
    FactoryApi("torch.randn_like", FactoryKind.LIKE),
    FactoryApi("torch.randperm", FactoryKind.VECTOR),
    FactoryApi("torch.range", FactoryKind.VECTOR),
    FactoryApi("torch.scalar_tensor", FactoryKind.DATA),
    FactoryApi("torch.sparse_coo_tensor", FactoryKind.OTHER),
    FactoryApi("torch.tensor", FactoryKind.DATA),
    FactoryApi("torch.tril_indices", FactoryKind.VECTOR),
    FactoryApi("torch.triu_indices", FactoryKind.VECTOR),
    FactoryApi("torch.zeros", FactoryKind.SIZED),
    FactoryApi("torch.zeros_like", FactoryKind.LIKE),
)

NUMPY_APIS: tuple[NumpyApi, ...] = (
    NumpyApi("torch.from_numpy", NumpyEffect.SHARES_TO_TENSOR),
    NumpyApi("torch.as_tensor", NumpyEffect.SHARES_TO_TENSOR),
    NumpyApi("torch.asarray", NumpyEffect.SHARES_TO_TENSOR),
    NumpyApi("numpy.asarray", NumpyEffect.SHARES_TO_ARRAY, converts_tensors=True),
    NumpyApi("numpy.asanyarray", NumpyEffect.SHARES_TO_ARRAY, converts_tensors=True),
    NumpyApi("numpy.array", NumpyEffect.COPIES_TO_ARRAY, converts_tensors=True),
    NumpyApi("numpy.copy", NumpyEffect.COPIES_TO_ARRAY, converts_tensors=True),
    NumpyApi("numpy.ascontiguousarray", NumpyEffect.COPIES_TO_ARRAY, converts_tensors=True),
    *(NumpyApi(f"numpy.{name}", NumpyEffect.CREATES_ARRAY)
      for name in ("zeros", "ones", "empty", "full", "arange", "linspace", "eye", "identity", "random.rand",
                   "random.randn", "random.random", "random.randint", "random.normal", "random.uniform", "load",
                   "loadtxt", "zeros_like", "ones_like", "empty_like", "full_like")),
    *(NumpyApi(f"numpy.{name}", NumpyEffect.CREATES_ARRAY, converts_tensors=True)
      for name in ("concatenate", "stack", "vstack", "hstack")),
    # matplotlib converts what it plots with numpy.asarray.
    *(NumpyApi(f"matplotlib.pyplot.{name}", NumpyEffect.READS, converts_tensors=True)
      for name in ("plot", "imshow", "scatter", "hist", "bar", "matshow")),
    *(NumpyApi(f"numpy.{name}", NumpyEffect.WRITES)
      for name in ("copyto", "put", "place", "putmask", "fill_diagonal", "random.shuffle")),
    # ndarray methods that write in place (numpy has no "_" convention).
    *(NumpyApi(f"numpy.ndarray.{name}", NumpyEffect.WRITES)
      for name in ("fill", "sort", "put", "partition", "setfield", "resize")),
)

GRAD_MODES: tuple[GradModeApi, ...] = (
    *(GradModeApi(name, GradMode.OFF)
      for name in ("torch.no_grad", "torch.inference_mode", "torch.autograd.no_grad",
                   "torch.autograd.grad_mode.no_grad", "torch.autograd.grad_mode.inference_mode",
                   "torch.autograd.inference_mode")),
    GradModeApi("torch.enable_grad", GradMode.ON),
    GradModeApi("torch.autograd.enable_grad", GradMode.ON),
    GradModeApi("torch.set_grad_enabled", GradMode.BY_ARGUMENT),
    GradModeApi("torch.autograd.set_grad_enabled", GradMode.BY_ARGUMENT),
)

# Calls that run backward and free the graph's saved tensors unless told to keep them.
BACKWARD_CALLS: tuple[BackwardApi, ...] = (
    BackwardApi("backward", retain_graph_at=1, create_graph_at=2),  # Tensor.backward(gradient, retain_graph, ...)
    BackwardApi("torch.autograd.backward", retain_graph_at=2, create_graph_at=3),
    BackwardApi("torch.autograd.grad", retain_graph_at=3, create_graph_at=4),
)

DEVICE_APIS: tuple[NamedApi, ...] = (
    NamedApi("torch.device", Role.DEVICE_CONSTRUCTOR),
    NamedApi("torch.set_default_device", Role.DEFAULT_DEVICE_SETTER),
    NamedApi("torch.set_default_tensor_type", Role.DEFAULT_DEVICE_SETTER),
    NamedApi("torch.cuda.is_available", Role.ACCELERATOR_PROBE, detail="cuda"),
    NamedApi("torch.backends.mps.is_available", Role.ACCELERATOR_PROBE, detail="mps"),
    NamedApi("torch.xpu.is_available", Role.ACCELERATOR_PROBE, detail="xpu"),
    # `.to(torch.long)` drops requires_grad: integer and bool tensors cannot require it.
    *(NamedApi(f"torch.{name}", Role.INTEGRAL_DTYPE)
      for name in ("long", "int64", "int", "int32", "short", "int16", "int8", "uint8", "uint16", "uint32", "uint64",
                   "bool")),
)
