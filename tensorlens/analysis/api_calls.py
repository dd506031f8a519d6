"""API function calls: torch and numpy functions, factories, nn.Module constructors, containers, builtins.

Everything torch-specific is looked up in :mod:`tensorlens.analysis.torch_api`;
this module only turns those table entries into abstract values and events.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.autograd import sequential_saves
from tensorlens.analysis.containers import held_child
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.detachment import carried, data_without_history, read_out, rebuilt
from tensorlens.analysis.events import LossComputed, Operand, OperandsMeet
from tensorlens.analysis.literals import constant_bool, literal_string
from tensorlens.analysis.methods import values_indices_pair
from tensorlens.analysis.values import (
    CPU,
    OTHER,
    SCALAR,
    UNKNOWN,
    AbstractValue,
    Activated,
    AliasGroup,
    Device,
    Kind,
    Located,
    Origin,
    Tri,
    tensor,
)

BUILTIN_SCALARS = frozenset({"len", "float", "int", "bool", "abs", "round", "sum", "max", "min", "isinstance",
                             "hasattr", "id", "hash"})


class ApiCallSemantics(Engine):
    """Mixin: calls of API functions (``torch.*``, ``numpy.*``, ``nn.*``) and of builtins."""

    def call_api(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand],
                 discarded: bool) -> AbstractValue:
        assert self.state is not None
        if qualified in api.BACKWARD_CALLS:
            first = args[0] if args else kw.get("tensors") or kw.get("outputs")
            self.backward_call(node, qualified, self.backward_roots(first), args, kw)
            return UNKNOWN
        if qualified in api.SET_GRAD_ENABLED and discarded:
            self.state.grad_enabled = _constant_flag(args[0].node if args else None)
            return OTHER
        if qualified in api.GRAD_MODE_CONTEXTS:
            # A context kept for a later `with ctx:`, which enters this call.
            return AbstractValue(kind=Kind.OTHER, qualified=qualified, origin=Origin(node, "grad mode"))
        if qualified in api.DEFAULT_DEVICE_SETTERS:
            self.state.default_device = Located(None)
            return OTHER
        if qualified in api.DEVICE_CONSTRUCTORS:
            device = self.device_of(args[0].node, args[0].value) if args else None
            if device is not None and device.index is None and len(args) > 1 and isinstance(args[1].node, cst.Integer):
                device = Device(device.kind, int(args[1].node.value, 0))
            return AbstractValue(kind=Kind.DEVICE, denotes=device)
        if qualified in api.PARAMETER_CONSTRUCTORS:
            base = args[0].value if args else UNKNOWN
            requires = kw.get("requires_grad")
            flag = True if requires is None else constant_bool(requires.node)
            return tensor(Origin(node, "created"), base.device if base.kind is Kind.TENSOR else Located(None),
                          Located(flag, Origin(node, "nn.Parameter")), is_leaf=Tri.YES, has_grad_fn=Tri.NO,
                          is_parameter=flag is True)
        if qualified in api.ALIAS_TO_TENSOR:
            shared = self.alias_to_tensor(node, qualified, args, kw)
            if shared is not None:
                return shared
        if qualified in api.FACTORIES or qualified in api.LIKE_FACTORIES:
            return self.factory(node, qualified, args, kw)
        if qualified in api.HISTORY_DROPPING_WRAPPERS:
            return self.history_dropping_wrapper(node, args, kw)
        if qualified in api.MIXING_FUNCTIONS or qualified in api.DEVICE_PRESERVING_FUNCTIONS:
            return self.call_op(node, qualified, args, kw)
        if qualified.startswith("numpy."):
            return self.call_numpy(node, qualified, args, kw)
        data = self.data_source(node, qualified, args, kw)
        if data is not None:
            return data
        module_name = api.nn_module_name(qualified)
        if module_name in api.CONTAINER_MODULES:
            return self.new_container(node, qualified, args)
        if module_name is not None:
            return self.new_module(node, module_name, qualified, kw)
        if qualified in api.MODULE_RETURNING_WRAPPERS and args and args[0].value.kind is Kind.MODULE:
            return args[0].value
        if api.is_module_factory(qualified):
            return AbstractValue(kind=Kind.MODULE, device=Located(CPU, Origin(node, "created")),
                                 has_parameters=Tri.YES, qualified=qualified)
        if api.is_optimizer(qualified):
            return AbstractValue(kind=Kind.OPTIMIZER, origin=Origin(node, "created"))
        if api.is_scheduled_lr_scheduler(qualified):
            optimizer = args[0] if args else kw.get("optimizer")
            schedules = optimizer.value if optimizer is not None and optimizer.value.kind is Kind.OPTIMIZER else None
            return AbstractValue(kind=Kind.SCHEDULER, origin=Origin(node, "created"), source=schedules)
        return UNKNOWN

    def factory(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand]) -> AbstractValue:
        assert self.state is not None
        origin = Origin(node, "created")
        device_arg = kw.get("device")
        data = args[0] if args and qualified in api.DATA_FACTORIES else kw.get("data")
        if device_arg is not None:
            denoted = self.device_of(device_arg.node, device_arg.value)
            device = Located(denoted, origin) if denoted is not None else Located(None)
        elif any(arg.star == "**" for arg in node.args):
            device = Located(None)  # ``torch.rand(n, **tkwargs)``: the mapping may hold a device
        elif qualified in api.LIKE_FACTORIES and args and args[0].value.kind is Kind.TENSOR:
            device = args[0].value.device
        elif qualified in api.LIKE_FACTORIES:
            device = Located(None)
        elif data is not None and data.value.kind is Kind.TENSOR:
            device = data.value.device  # torch.tensor(t), torch.as_tensor(t): where t is (checked with torch)
        elif data is not None and data.value.kind is Kind.UNKNOWN and qualified in api.MEMORY_SHARING_FACTORIES:
            device = Located(None)  # ``x = torch.as_tensor(x)`` is how code makes sure of a tensor: x may be one
        else:
            default = self.state.default_device.value
            # TL204 reports such a factory at the call; TL201 leaves the op it meets a moved module at to it.
            flagged = self.function is not None and self.function.is_forward \
                and qualified not in api.MEMORY_SHARING_FACTORIES
            device = Located(default, Origin(node, "created", default_device_in_forward=flagged)) \
                if default is not None else Located(None)
        requires_arg = kw.get("requires_grad")
        flag = False if requires_arg is None else constant_bool(requires_arg.node)
        requires = Located(flag, Origin(requires_arg.node if requires_arg else node, "requires_grad=True"))
        detached = data_without_history(data.value, node, self.text_of(data.node)) if data is not None \
            else frozenset()
        return tensor(origin, device, requires, is_leaf=Tri.YES, has_grad_fn=Tri.NO,
                      is_scalar=factory_is_zero_dim(qualified, args, kw), detached=rebuilt(detached, node, flag))

    def history_dropping_wrapper(self, node: cst.Call, args: list[Operand], kw: dict[str, Operand]) -> AbstractValue:
        """``Variable(t)``: a new leaf holding ``t``'s data on ``t``'s device, requiring grad only when told."""
        data = args[0] if args else kw.get("data")
        requires_arg = kw.get("requires_grad")
        flag = False if requires_arg is None else constant_bool(requires_arg.node)
        if data is None or data.value.kind is not Kind.TENSOR:
            return UNKNOWN
        origin = Origin(node, "created")
        detached = data_without_history(data.value, node, self.text_of(data.node))
        return tensor(origin, data.value.device, Located(flag, Origin(requires_arg.node if requires_arg else node,
                                                                      "requires_grad=True")),
                      is_leaf=Tri.YES, has_grad_fn=Tri.NO, is_scalar=data.value.is_scalar,
                      detached=rebuilt(detached, node, flag))

    def alias_to_tensor(self, node: cst.Call, qualified: str, args: list[Operand],
                        kw: dict[str, Operand]) -> Optional[AbstractValue]:
        """``torch.from_numpy(a)`` and friends: a CPU tensor sharing ``a``'s memory."""
        if not args:
            return None
        source = args[0]
        certain = qualified == "torch.from_numpy"
        copies = "dtype" in kw or "device" in kw or "copy" in kw
        if not certain and (source.value.kind is not Kind.NDARRAY or copies):
            return None
        group = AliasGroup(self.new_alias_id(), node, self.text_of(node))
        array = source.value if source.value.kind is Kind.NDARRAY else AbstractValue(kind=Kind.NDARRAY)
        self.add_alias(source, array, group)
        created = Origin(node, "created")
        return tensor(created, Located(CPU, created), Located(False, created),
                      is_leaf=Tri.YES, has_grad_fn=Tri.NO, aliases=array.aliases | {group},
                      detached=source.value.detached)

    def add_alias(self, operand: Operand, value: AbstractValue, group: AliasGroup) -> None:
        """Remember that the object behind ``operand`` now shares memory through ``group``: the variable it
        is, or the variable a chain of memory-sharing calls starts from (``t.detach().cpu()`` on a CPU ``t``)."""
        assert self.state is not None
        node = operand.node
        while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and node.func.attr.value in api.MEMORY_SHARING_METHODS:
            node = node.func.value
            held = self.state.get(self.path_of(node) or "") if isinstance(node, cst.BaseExpression) else None
            if held is None or held.kind is not Kind.TENSOR or held.known_device != CPU:
                return  # an unknown tensor, or one whose `.cpu()` may copy
        path = self.path_of(node) if isinstance(node, cst.BaseExpression) else None
        if path is not None:
            held = self.state.get(path) or value
            self.state.values[path] = held.but(aliases=held.aliases | {group})

    def call_op(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand]) -> AbstractValue:
        expects = api.LOSS_INPUTS.get(qualified)
        scores = args[0] if args else kw.get("input")
        if expects is not None and scores is not None:
            self.emit(LossComputed(node, qualified.replace("torch.nn.functional.", "F."), expects, scores))
        operands = list(args)
        if qualified in api.SEQUENCE_ARGUMENT_FUNCTIONS and args:
            operands = self.sequence_operands(args[0])
        if qualified == "torch.einsum":
            operands = operands[1:]
        tensors = [o for o in operands if o.value.kind is Kind.TENSOR]
        if qualified in api.MIXING_FUNCTIONS and len(tensors) >= 2:
            self.emit(OperandsMeet(node, qualified.replace("torch.nn.functional.", "F."), tuple(tensors),
                                   *self.op_context()))
        if not tensors:
            return self.reduction_of_unknown(node, qualified, args, kw)
        if qualified == "torch.where" and len(args) == 1 and not kw:
            return AbstractValue(kind=Kind.SEQUENCE)  # torch.where(condition): a tuple of index tensors
        op = qualified.rsplit(".", 1)[-1]
        pair = values_indices_pair(op, args[1:], kw) if qualified == f"torch.{op}" else False
        if pair is None:
            return UNKNOWN
        result = self.op_result(tensors, node, grad=qualified not in api.NO_GRAD_RESULT_FUNCTIONS, op=op,
                                operands=operands, label=qualified.replace("torch.nn.functional.", "F."),
                                elementwise=op in api.ELEMENTWISE_OPS)
        if qualified in api.MIXING_FUNCTIONS and qualified not in api.NO_GRAD_RESULT_FUNCTIONS:
            result = self.with_unknown_operands(result, operands)
        if pair:
            return self.with_indices(result, tensors, node)
        positional = 2 if "loss" in qualified or "entropy" in qualified else 1
        if qualified in api.REDUCTION_FUNCTIONS and len(args) <= positional \
                and "dim" not in kw and "axis" not in kw and reduces_to_a_scalar(kw.get("reduction")):
            result = result.but(is_scalar=Tri.YES)
        elif qualified in api.VECTOR_FUNCTIONS:
            result = result.but(is_scalar=Tri.NO)
        return result

    def reduction_of_unknown(self, node: cst.Call, qualified: str, args: list[Operand],
                             kw: dict[str, Operand]) -> AbstractValue:
        """``torch.sum(x)`` of an ``x`` the engine does not know: only a tensor is accepted, and the whole-tensor
        reduction is 0-dim, whatever else ``x`` was."""
        positional = 2 if "loss" in qualified or "entropy" in qualified else 1
        if qualified not in api.REDUCTION_FUNCTIONS or not args or len(args) > positional \
                or any(a.value.kind is not Kind.UNKNOWN for a in args) or "dim" in kw or "axis" in kw \
                or not reduces_to_a_scalar(kw.get("reduction")):
            return UNKNOWN
        return tensor(Origin(node, "computed"), is_scalar=Tri.YES)

    def sequence_operands(self, sequence: Operand) -> list[Operand]:
        """The tensors inside a list/tuple argument (``torch.cat([a, b])``)."""
        node = sequence.node
        if isinstance(node, (cst.List, cst.Tuple)):
            return [self.operand(element.value, value)
                    for element, value in zip(node.elements, sequence.value.elements or ())]
        if sequence.value.elements is not None:
            return [Operand(node, f"{sequence.text}[{i}]", value) for i, value in enumerate(sequence.value.elements)]
        if sequence.value.kind is Kind.SEQUENCE and sequence.value.source is not None:
            return [Operand(node, f"{sequence.text}[i]" if sequence.text else "an item", sequence.value.source)]
        return []

    def call_numpy(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand]) -> AbstractValue:
        source = args[0] if args else None
        # A dtype other than the tensor's makes a copy; which one it is, the engine does not know.
        converts = len(args) > 1 or "dtype" in kw
        if qualified in api.ALIAS_TO_NDARRAY and source is not None and converts:
            return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "created"))
        if qualified in api.ALIAS_TO_NDARRAY and source is not None:
            if source.value.kind is Kind.TENSOR:
                group = AliasGroup(self.new_alias_id(), node, self.text_of(node))
                self.add_alias(source, source.value, group)
                return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "created"),
                                     aliases=source.value.aliases | {group})
            if source.value.kind is Kind.NDARRAY:
                return source.value
            return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "created"))
        if qualified in api.NUMPY_IN_PLACE_FUNCTIONS and source is not None and source.value.kind is Kind.NDARRAY:
            self.in_place_write(source, node, f"{qualified.replace('numpy.', 'np.')}()")
            return OTHER
        detached = carried(a.value for a in (*args, *kw.values()))  # NumPy math on detached data is still it
        if qualified in api.COPY_TO_NDARRAY or qualified in api.NUMPY_CREATORS:
            return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "created"), detached=detached)
        if detached and any(a.value.kind is Kind.NDARRAY for a in args):
            # np.abs(errors), np.mean(...): an array (or a NumPy number) of the detached data, still without history.
            return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "computed"), detached=detached)
        return UNKNOWN

    def new_module(self, node: cst.Call, name: str, qualified: str, kw: dict[str, Operand]) -> AbstractValue:
        origin = Origin(node, "created")
        if name in api.PARAMETERLESS_MODULES:
            held = next((kw[k] for k in api.MODULE_TENSOR_KEYWORDS.get(name, ()) if k in kw), None)
            device = held.value.device if held is not None and held.value.kind is Kind.TENSOR else Located(None)
            activation = api.ACTIVATION_MODULES.get(name)
            return AbstractValue(kind=Kind.MODULE, device=device, has_parameters=Tri.NO, qualified=qualified,
                                 origin=origin,
                                 activated=Activated(activation, node, f"nn.{name}") if activation else None,
                                 mode=Located("train", origin),
                                 mode_dependent=Tri.of(name in api.MODE_DEPENDENT_MODULES))
        device_arg = kw.get("device")
        if device_arg is not None:
            denoted = self.device_of(device_arg.node, device_arg.value)
            device = Located(denoted, origin) if denoted is not None else Located(None)
        else:
            device = Located(CPU, origin)
        return AbstractValue(kind=Kind.MODULE, device=device, has_parameters=Tri.YES, qualified=qualified,
                             origin=origin, mode=Located("train", origin),
                             mode_dependent=Tri.of(name in api.MODE_DEPENDENT_MODULES))

    def data_source(self, node: cst.Call, qualified: str, args: list[Operand],
                    kw: dict[str, Operand]) -> Optional[AbstractValue]:
        """Datasets and the DataLoaders over them: a DATASET value's ``source`` is one item of it (None for
        datasets known only to hold CPU tensors), and a DataLoader yields the items collated into batches."""
        origin = Origin(node, "loaded")
        if qualified.startswith(api.CPU_DATASET_PREFIXES) and qualified.rsplit(".", 1)[-1][:1].isupper():
            return AbstractValue(kind=Kind.DATASET, device=Located(CPU, origin))
        if qualified in api.TENSOR_DATASETS:
            if not args or not all(a.value.kind is Kind.TENSOR for a in args):
                return UNKNOWN
            rows = tuple(a.value.but(is_scalar=Tri.UNKNOWN, origin=a.value.origin or origin) for a in args)
            return AbstractValue(kind=Kind.DATASET, source=AbstractValue(kind=Kind.SEQUENCE, elements=rows))
        if qualified in api.DATASET_WRAPPERS and args and args[0].value.kind is Kind.DATASET:
            if qualified.endswith("random_split"):
                return AbstractValue(kind=Kind.SEQUENCE, source=args[0].value)
            return args[0].value
        if qualified in api.DATA_LOADERS:
            dataset = args[0] if args else kw.get("dataset")
            item = self.dataset_item(dataset.value) if dataset is not None else None
            if item is None:
                return None
            if kw.get("collate_fn") is not None:
                return UNKNOWN  # a collate function of the user's own makes the batches
            return AbstractValue(kind=Kind.SEQUENCE, source=collate(item, Origin(node, "loaded by the DataLoader")))
        return None

    def dataset_item(self, dataset: AbstractValue) -> Optional[AbstractValue]:
        """One item of a dataset: a DATASET's ``source``, or what ``__getitem__`` of a dataset class of this file
        returns; None when unknown."""
        if dataset.kind is Kind.DATASET:
            if dataset.source is not None:
                return dataset.source
            cpu = tensor(None, Located(CPU, dataset.device.origin), Located(False), is_leaf=Tri.YES, has_grad_fn=Tri.NO)
            return AbstractValue(kind=Kind.SEQUENCE, source=cpu)  # images and labels, on the CPU
        found = self.find_method(dataset.class_name, "__getitem__") if dataset.class_name else None
        if found is None:
            return None
        item = self.summary_of(found[1], found[0], dataset)
        return item if item.kind is not Kind.UNKNOWN else None

    def new_container(self, node: cst.Call, qualified: str, args: list[Operand]) -> AbstractValue:
        """``nn.Sequential(a, b)`` lives where its children live (unknown if they disagree)."""
        children: list[AbstractValue] = []
        for arg in args:
            if arg.value.kind is Kind.SEQUENCE and arg.value.elements is not None:
                children.extend(arg.value.elements)
            else:
                children.append(arg.value)
        ordered, any_child = self.container_children(node, args) if qualified.endswith(("Sequential", "ModuleList")) \
            else (None, None)
        if any(arg.star == "*" for arg in node.args) and any_child is not None:
            children = list(ordered) if ordered is not None else [any_child]  # ``nn.Sequential(*layers)``
        # An nn.Sequential returns what its last module returns (``nn.Sequential(..., nn.Softmax(dim=1))``).
        sequential = api.nn_module_name(qualified) == "Sequential"
        last = children[-1] if children and sequential else None
        activated = last.activated if last is not None and last.kind is Kind.MODULE else None
        saves = sequential_saves(children) if sequential else None
        mode = Located("train", Origin(node, "created"))
        dependent = contains_mode_dependent(children)
        placed = [c for c in children if c.kind is not Kind.MODULE or c.has_parameters is not Tri.NO]
        if not placed or any(c.kind is not Kind.MODULE for c in placed):
            return AbstractValue(kind=Kind.MODULE, has_parameters=Tri.UNKNOWN, qualified=qualified,
                                 origin=Origin(node, "created"), activated=activated, mode=mode,
                                 mode_dependent=dependent, call_saves=saves, elements=ordered, any_child=any_child)
        device = placed[0].device
        for child in placed[1:]:
            device = device.join(child.device)
        has_parameters = Tri.YES if any(c.has_parameters is Tri.YES for c in placed) else Tri.UNKNOWN
        return AbstractValue(kind=Kind.MODULE, device=device, has_parameters=has_parameters,
                             qualified=qualified, origin=Origin(node, "created"), activated=activated, mode=mode,
                             mode_dependent=dependent, call_saves=saves, elements=ordered, any_child=any_child)

    def call_builtin(self, name: str, args: list[Operand]) -> AbstractValue:
        if name in ("float", "int") and args and args[0].value.kind is Kind.TENSOR:
            detached = read_out(args[0].value, args[0].node, f"{name}({args[0].text})")  # like .item()
            return SCALAR.but(detached=detached) if detached else SCALAR
        if name in BUILTIN_SCALARS:
            return SCALAR
        if name == "next" and args:
            return self.element_of(args[0].value, args[0].node)
        if name == "range":
            return AbstractValue(kind=Kind.SEQUENCE, source=SCALAR)
        if name in ("list", "tuple", "iter", "reversed", "sorted") and args:
            return AbstractValue(kind=Kind.SEQUENCE, source=self.element_of(args[0].value, args[0].node))
        if name == "enumerate" and args:
            pair = AbstractValue(kind=Kind.SEQUENCE, elements=(SCALAR, self.element_of(args[0].value, args[0].node)))
            return AbstractValue(kind=Kind.SEQUENCE, source=pair)
        if name == "zip" and args:
            row = tuple(self.element_of(a.value, a.node) for a in args)
            return AbstractValue(kind=Kind.SEQUENCE, source=AbstractValue(kind=Kind.SEQUENCE, elements=row))
        return UNKNOWN

    def element_of(self, iterable: AbstractValue, node: Optional[cst.CSTNode]) -> AbstractValue:
        """What one iteration over ``iterable`` yields."""
        if iterable.kind is Kind.PARAMETERS:
            module = iterable.source or UNKNOWN
            # Once the file freezes some parameters, any parameter may be frozen.
            requires = None if self.may_be_frozen(module) else True
            parameter = tensor(Origin(node, "a parameter of the model") if node is not None else None,
                               module.device,
                               Located(requires, Origin(node, ".parameters()") if node is not None else None),
                               is_leaf=Tri.YES, has_grad_fn=Tri.NO, is_parameter=True).but(source=module)
            if iterable.qualified == "named":
                return AbstractValue(kind=Kind.SEQUENCE, elements=(OTHER, parameter))
            return parameter
        if iterable.kind is Kind.MODULE and iterable.any_child is not None:
            return held_child(iterable, iterable.any_child)  # ``for layer in self.layers:`` over an nn.ModuleList
        if iterable.kind is Kind.SEQUENCE:
            if iterable.source is not None:
                return iterable.source
            if iterable.elements:
                joined = iterable.elements[0]
                for element in iterable.elements[1:]:
                    joined = joined.join(element)
                return joined
        return UNKNOWN


def contains_mode_dependent(children: list[AbstractValue]) -> Tri:
    """Whether modules holding ``children`` compute differently in train and eval mode: YES when one of them does,
    NO when every child is a module known not to, else UNKNOWN."""
    if any(c.kind is Kind.MODULE and c.mode_dependent is Tri.YES for c in children):
        return Tri.YES
    if children and all(c.kind is Kind.MODULE and c.mode_dependent is Tri.NO for c in children):
        return Tri.NO
    return Tri.UNKNOWN


def reduces_to_a_scalar(reduction: Optional[Operand]) -> bool:
    """A loss's ``reduction=`` keyword: absent, ``"mean"`` or ``"sum"`` give a 0-dim result; ``"none"`` (or a
    value the engine cannot read) may not."""
    if reduction is None:
        return True
    return literal_string(reduction.node) in ("mean", "sum") if isinstance(reduction.node, cst.BaseExpression) \
        else False


def collate(item: AbstractValue, origin: Origin) -> AbstractValue:
    """What ``default_collate`` makes of dataset items like ``item``: tensors stacked on their device (a new
    tensor: never sharing the item's memory), arrays and numbers turned into CPU tensors, tuples, lists and dicts
    collated element by element; UNKNOWN for anything else."""
    if item.kind is Kind.TENSOR:
        return tensor(origin, item.device if item.device.value is not None else Located(None), item.requires_grad,
                      is_leaf=Tri.YES if item.requires_grad.value is False else Tri.UNKNOWN,
                      has_grad_fn=Tri.NO if item.requires_grad.value is False else Tri.UNKNOWN, is_scalar=Tri.NO)
    if item.kind in (Kind.NDARRAY, Kind.SCALAR):
        return tensor(origin, Located(CPU, origin), Located(False, origin), is_leaf=Tri.YES, has_grad_fn=Tri.NO,
                      is_scalar=Tri.NO)
    if item.kind is Kind.SEQUENCE and item.elements is not None:
        return AbstractValue(kind=Kind.SEQUENCE, elements=tuple(collate(element, origin) for element in item.elements))
    if item.kind is Kind.SEQUENCE and item.source is not None:
        return AbstractValue(kind=Kind.SEQUENCE, source=collate(item.source, origin))
    if item.kind is Kind.MAPPING and item.items is not None:
        return AbstractValue(kind=Kind.MAPPING, items=tuple((key, collate(value, origin)) for key, value in item.items))
    return UNKNOWN


def _constant_flag(node: Optional[cst.CSTNode]) -> Tri:
    return Tri.of(constant_bool(node))


def factory_is_zero_dim(qualified: str, args: list[Operand], kw: dict[str, Operand]) -> Tri:
    """Whether a factory call makes a 0-dim tensor (the kind PyTorch lets meet any device)."""
    if qualified in api.LIKE_FACTORIES:
        return args[0].value.is_scalar if args and args[0].value.kind is Kind.TENSOR else Tri.UNKNOWN
    if qualified in api.VECTOR_FACTORIES:
        return Tri.NO
    if qualified in api.DATA_FACTORIES:
        data = args[0] if args else kw.get("data")
        return _data_is_zero_dim(data) if data is not None else Tri.UNKNOWN
    if qualified == "torch.randint":  # randint(high, size) or randint(low, high, size)
        size = kw.get("size") or (args[-1] if len(args) >= 2 else None)
        return _size_is_empty(size) if size is not None else Tri.UNKNOWN
    if qualified in api.SIZED_FACTORIES:
        if "size" in kw:
            return _size_is_empty(kw["size"])
        sizes = args[:1] if qualified == "torch.full" else args
        if len(sizes) == 1:
            return _size_is_empty(sizes[0])
        return Tri.NO if len(sizes) > 1 else Tri.UNKNOWN
    return Tri.UNKNOWN


def _data_is_zero_dim(data: Operand) -> Tri:
    node = data.node
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary)) or data.value.kind is Kind.SCALAR or (
            isinstance(node, cst.UnaryOperation) and isinstance(node.expression, (cst.Integer, cst.Float))):
        return Tri.YES
    if isinstance(node, (cst.List, cst.Tuple, cst.ListComp)):
        return Tri.NO
    if data.value.kind is Kind.TENSOR:
        return data.value.is_scalar
    return Tri.UNKNOWN


def _size_is_empty(size: Operand) -> Tri:
    """A size argument: one integer (one dimension), or a sequence (empty: 0-dim)."""
    node = size.node
    if isinstance(node, (cst.Tuple, cst.List)):
        return Tri.YES if not node.elements else Tri.NO
    if isinstance(node, cst.Integer) or size.value.kind is Kind.SCALAR:
        return Tri.NO
    if size.value.kind is Kind.SEQUENCE and size.value.elements is not None:  # a torch.Size of known rank
        return Tri.YES if not size.value.elements else Tri.NO
    return Tri.UNKNOWN
