"""``torch.nn`` module classes and the other APIs of models, optimizers and data (see :mod:`.records`)."""

from __future__ import annotations

from tensorlens.analysis.torch_api.records import Activation, LossInput, ModuleApi, ModuleRole, NamedApi, Role, Saved

PARAMETERLESS, CONTAINER = ModuleRole.PARAMETERLESS, ModuleRole.CONTAINER
OUTPUT, ALL_INPUTS, OTHER = Saved.OUTPUT, Saved.ALL_INPUTS, Saved.OTHER

# A layer's call saves its input (for the weight's gradient: ALL_INPUTS), its output (activations) or
# something else (indices, statistics); a parameterless module runs on its input's device.
MODULES: tuple[ModuleApi, ...] = (
    ModuleApi("AdaptiveAvgPool1d", role=PARAMETERLESS),
    ModuleApi("AdaptiveAvgPool2d", role=PARAMETERLESS),
    ModuleApi("AdaptiveAvgPool3d", role=PARAMETERLESS),
    ModuleApi("AdaptiveMaxPool1d", role=PARAMETERLESS),
    ModuleApi("AdaptiveMaxPool2d", role=PARAMETERLESS),
    ModuleApi("AdaptiveMaxPool3d", role=PARAMETERLESS),
    ModuleApi("AlphaDropout", role=PARAMETERLESS, mode_dependent=True, inplace_at=1),
    ModuleApi("AvgPool1d", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("AvgPool2d", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("AvgPool3d", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("BCELoss", role=PARAMETERLESS, saves=OTHER, tensor_keywords=("weight",),
              loss_input=LossInput.PROBABILITIES),
    ModuleApi("BCEWithLogitsLoss", role=PARAMETERLESS, saves=OTHER, tensor_keywords=("weight", "pos_weight"),
              loss_input=LossInput.BINARY_LOGITS),
    ModuleApi("BatchNorm1d", saves=ALL_INPUTS, mode_dependent=True),
    ModuleApi("BatchNorm2d", saves=ALL_INPUTS, mode_dependent=True),
    ModuleApi("BatchNorm3d", saves=ALL_INPUTS, mode_dependent=True),
    ModuleApi("Bilinear", saves=ALL_INPUTS),
    ModuleApi("CELU", role=PARAMETERLESS, inplace_at=1),
    ModuleApi("CTCLoss", role=PARAMETERLESS),
    ModuleApi("ChannelShuffle", role=PARAMETERLESS),
    ModuleApi("ConstantPad1d", role=PARAMETERLESS),
    ModuleApi("ConstantPad2d", role=PARAMETERLESS),
    ModuleApi("Conv1d", saves=ALL_INPUTS),
    ModuleApi("Conv2d", saves=ALL_INPUTS),
    ModuleApi("Conv3d", saves=ALL_INPUTS),
    ModuleApi("ConvTranspose1d", saves=ALL_INPUTS),
    ModuleApi("ConvTranspose2d", saves=ALL_INPUTS),
    ModuleApi("ConvTranspose3d", saves=ALL_INPUTS),
    ModuleApi("CosineEmbeddingLoss", role=PARAMETERLESS),
    ModuleApi("CosineSimilarity", role=PARAMETERLESS),
    ModuleApi("CrossEntropyLoss", role=PARAMETERLESS, saves=OTHER, tensor_keywords=("weight",),
              loss_input=LossInput.LOGITS),
    ModuleApi("Dropout", role=PARAMETERLESS, mode_dependent=True, inplace_at=1),
    ModuleApi("Dropout1d", role=PARAMETERLESS, mode_dependent=True, inplace_at=1),
    ModuleApi("Dropout2d", role=PARAMETERLESS, mode_dependent=True, inplace_at=1),
    ModuleApi("Dropout3d", role=PARAMETERLESS, mode_dependent=True, inplace_at=1),
    ModuleApi("ELU", role=PARAMETERLESS, saves=OTHER, inplace_at=1),
    ModuleApi("Embedding", saves=OTHER),
    ModuleApi("Flatten", role=PARAMETERLESS),
    ModuleApi("GELU", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("GLU", role=PARAMETERLESS),
    ModuleApi("GRU", saves=OTHER),
    ModuleApi("GRUCell", saves=OTHER),
    ModuleApi("GaussianNLLLoss", role=PARAMETERLESS),
    ModuleApi("GroupNorm", saves=ALL_INPUTS),
    ModuleApi("Hardsigmoid", role=PARAMETERLESS, inplace_at=0),
    ModuleApi("Hardswish", role=PARAMETERLESS, inplace_at=0),
    ModuleApi("Hardtanh", role=PARAMETERLESS, inplace_at=2),
    ModuleApi("HingeEmbeddingLoss", role=PARAMETERLESS),
    ModuleApi("HuberLoss", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("Identity", role=PARAMETERLESS),
    ModuleApi("KLDivLoss", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("L1Loss", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("LSTM", saves=OTHER),
    ModuleApi("LSTMCell", saves=OTHER),
    ModuleApi("LayerNorm", saves=ALL_INPUTS),
    ModuleApi("LeakyReLU", role=PARAMETERLESS, saves=OTHER, inplace_at=1),
    ModuleApi("Linear", saves=ALL_INPUTS),
    ModuleApi("LogSoftmax", role=PARAMETERLESS, saves=OUTPUT, activation=Activation.LOG_SOFTMAX),
    ModuleApi("MSELoss", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("MarginRankingLoss", role=PARAMETERLESS),
    ModuleApi("MaxPool1d", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("MaxPool2d", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("MaxPool3d", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("Mish", role=PARAMETERLESS, saves=OTHER, inplace_at=0),
    ModuleApi("ModuleDict", role=CONTAINER),
    ModuleApi("ModuleList", role=CONTAINER),
    ModuleApi("MultiLabelSoftMarginLoss", role=PARAMETERLESS, tensor_keywords=("weight",)),
    ModuleApi("MultiheadAttention", saves=OTHER),
    ModuleApi("NLLLoss", role=PARAMETERLESS, saves=OTHER, tensor_keywords=("weight",),
              loss_input=LossInput.LOG_PROBABILITIES),
    ModuleApi("PReLU", saves=OTHER),
    ModuleApi("PairwiseDistance", role=PARAMETERLESS),
    ModuleApi("PixelShuffle", role=PARAMETERLESS),
    ModuleApi("PixelUnshuffle", role=PARAMETERLESS),
    ModuleApi("PoissonNLLLoss", role=PARAMETERLESS),
    ModuleApi("RNN", saves=OTHER),
    ModuleApi("RNNCell", saves=OTHER),
    ModuleApi("ReLU", role=PARAMETERLESS, saves=OUTPUT, inplace_at=0),
    ModuleApi("ReLU6", role=PARAMETERLESS, inplace_at=0),
    ModuleApi("ReflectionPad2d", role=PARAMETERLESS),
    ModuleApi("ReplicationPad2d", role=PARAMETERLESS),
    ModuleApi("SELU", role=PARAMETERLESS, inplace_at=0),
    ModuleApi("Sequential", role=CONTAINER),
    ModuleApi("SiLU", role=PARAMETERLESS, saves=OTHER, inplace_at=0),
    ModuleApi("Sigmoid", role=PARAMETERLESS, saves=OUTPUT, activation=Activation.SIGMOID),
    ModuleApi("SmoothL1Loss", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("SoftMarginLoss", role=PARAMETERLESS),
    ModuleApi("Softmax", role=PARAMETERLESS, saves=OUTPUT, activation=Activation.SOFTMAX),
    ModuleApi("Softplus", role=PARAMETERLESS, saves=OTHER),
    ModuleApi("Softsign", role=PARAMETERLESS),
    ModuleApi("Tanh", role=PARAMETERLESS, saves=OUTPUT),
    ModuleApi("Tanhshrink", role=PARAMETERLESS),
    ModuleApi("Threshold", role=PARAMETERLESS, inplace_at=2),
    ModuleApi("TripletMarginLoss", role=PARAMETERLESS),
    ModuleApi("Unflatten", role=PARAMETERLESS),
    ModuleApi("Upsample", role=PARAMETERLESS),
    ModuleApi("ZeroPad2d", role=PARAMETERLESS),
)

MODEL_APIS: tuple[NamedApi, ...] = (
    NamedApi("torch.nn.Module", Role.MODULE_BASE),
    NamedApi("torch.nn.modules.module.Module", Role.MODULE_BASE),
    NamedApi("torch.nn.Sequential", Role.MODULE_BASE),
    NamedApi("torch.nn.ModuleList", Role.MODULE_BASE),
    NamedApi("torch.nn.ModuleDict", Role.MODULE_BASE),
    NamedApi("pytorch_lightning.LightningModule", Role.MODULE_BASE),
    NamedApi("lightning.LightningModule", Role.MODULE_BASE),
    NamedApi("lightning.pytorch.LightningModule", Role.MODULE_BASE),
    NamedApi("torch.nn.Parameter", Role.PARAMETER),
    NamedApi("torch.nn.parameter.Parameter", Role.PARAMETER),
    *(NamedApi(f"torch.nn.Module.{name}", Role.MODULE_IN_PLACE_METHOD)
      for name in ("to", "cuda", "cpu", "xpu", "half", "float", "double", "bfloat16", "train", "eval",
                   "requires_grad_", "apply", "to_empty")),
    NamedApi("torch.nn.Module.parameters", Role.PARAMETER_ITERATOR),
    NamedApi("torch.nn.Module.named_parameters", Role.NAMED_PARAMETER_ITERATOR),
    NamedApi("torch.Tensor.backward", Role.BACKWARD_METHOD),
    # Variable(t) is a new leaf with t's data since PyTorch 0.4: never t's history.
    NamedApi("torch.autograd.Variable", Role.HISTORY_DROPPING_WRAPPER),
    NamedApi("lightning.pytorch.LightningModule.manual_backward", Role.BACKWARD_METHOD),
    NamedApi("torch.optim.Optimizer.zero_grad", Role.GRAD_CLEARING_METHOD),
    NamedApi("torch.optim.Optimizer.step", Role.OPTIMIZER_STEP),
)

DATA_APIS: tuple[NamedApi, ...] = (
    NamedApi("torch.utils.data.DataLoader", Role.DATA_LOADER),
    NamedApi("torch.utils.data.dataloader.DataLoader", Role.DATA_LOADER),
    NamedApi("torch.utils.data.TensorDataset", Role.TENSOR_DATASET),
    NamedApi("torch.utils.data.dataset.TensorDataset", Role.TENSOR_DATASET),
    NamedApi("torch.utils.data.Subset", Role.DATASET_WRAPPER),
    NamedApi("torch.utils.data.random_split", Role.DATASET_WRAPPER),
)

# Names under torch.nn that look like module classes but are not (or are not modeled as) modules.
NOT_MODULES = frozenset({"Parameter", "Module", "ParameterList", "ParameterDict", "DataParallel",
                         "DistributedDataParallel", "functional", "init", "utils", "parameter", "modules",
                         "parallel", "Buffer", "UninitializedParameter"})
# Attribute names that hold a module's parameters when present (weight, bias, an LSTM's first layer's...).
PARAMETER_ATTRIBUTES = frozenset({"weight", "bias", "in_proj_weight", "in_proj_bias", "weight_ih_l0",
                                  "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"})
# Third-party names that build a model or an optimizer, or hold CPU datasets, by prefix.
OPTIMIZER_PREFIXES = ("torch.optim.",)
LR_SCHEDULER_PREFIX = "torch.optim.lr_scheduler."
# Schedulers driven by a metric rather than a schedule of epochs: stepping one early skips no learning rate.
METRIC_LR_SCHEDULERS = frozenset({"ReduceLROnPlateau"})
# Reparametrize a module's weight and return that same module: what its calls compute and save is unchanged.
MODULE_RETURNING_WRAPPERS = frozenset({
    "torch.nn.utils.weight_norm", "torch.nn.utils.spectral_norm",
    "torch.nn.utils.parametrizations.weight_norm", "torch.nn.utils.parametrizations.spectral_norm",
})
MODULE_FACTORY_PREFIXES = ("torchvision.models.", "timm.create_model", "transformers.AutoModel")
CPU_DATASET_PREFIXES = ("torchvision.datasets.", "torchaudio.datasets.", "torchtext.datasets.")
