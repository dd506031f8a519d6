"""Call semantics: evaluating a call's arguments and dispatching it by what is called.

The kinds of call live in the mixins :class:`CallSemantics` is built from:
API functions (:mod:`tensorlens.analysis.api_calls`), methods
(:mod:`tensorlens.analysis.methods`) and module calls
(:mod:`tensorlens.analysis.module_calls`).
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from tensorlens.analysis import constants
from tensorlens.analysis import torch_api as api
from tensorlens.analysis.api_calls import ApiCallSemantics
from tensorlens.analysis.autograd import AutogradSemantics
from tensorlens.analysis.containers import ContainerSemantics
from tensorlens.analysis.events import Call, KeywordArgument, Operand
from tensorlens.analysis.literals import constant_bool
from tensorlens.analysis.methods import MethodSemantics
from tensorlens.analysis.module_calls import ModuleCallSemantics
from tensorlens.analysis.values import NONE, OTHER, UNKNOWN, AbstractValue, Kind

# Past this many appends a list's items are only known as "any item" (bounds the facts a long list carries).
MAX_ORDERED_ITEMS = 64


class CallSemantics(ApiCallSemantics, MethodSemantics, ModuleCallSemantics, ContainerSemantics, AutogradSemantics):
    """Mixin: evaluates calls."""

    def eval_call(self, node: cst.Call, discarded: bool = False) -> AbstractValue:
        func = node.func
        receiver: Optional[Operand] = None
        method: Optional[str] = None
        qualified: Optional[str] = None
        callee = UNKNOWN
        if isinstance(func, cst.Attribute):
            base = self.eval(func.value)
            if base.kind is Kind.API:
                qualified = f"{base.qualified}.{func.attr.value}"
            elif base.kind is Kind.NAMESPACE and base.qualified is not None:
                # ``net.Network()`` / ``D.helper(x)`` after ``import network as net``: what that project module
                # defines under the name, called like the name itself.
                callee = self.namespace_member(base.qualified, func.attr.value)
                qualified = callee.qualified if callee.kind is Kind.API else None
            else:
                method = func.attr.value
                receiver = self.operand(func.value, base)
        else:
            callee = self.eval(func)
            qualified = callee.qualified if callee.kind is Kind.API else None
        args, keywords = self.eval_arguments(node, qualified, receiver)
        for arg in node.args:
            if arg.star:  # ``f(*models)``: what the unpacked name holds escapes too
                held = self.state.get(self.path_of(arg.value) or "") if self.state is not None else None
                if held is None:
                    self.every_instance_used()
                else:
                    self.instance_used(held)
        self.instances_escape([*(arg.value for arg in args), *(operand.value for _, operand in keywords)])
        result = self.dispatch_call(node, qualified, callee, receiver, method, args, keywords, discarded)
        assert self.state is not None
        in_forward = self.function is not None and self.function.is_forward
        self.emit(Call(node, qualified, method, receiver, tuple(args), tuple(keywords), result, discarded,
                       self.state.grad_enabled, in_forward, self.forward_input_name() if in_forward else None,
                       id(node) in self.followed_calls))
        return result

    def eval_arguments(self, node: cst.Call, qualified: Optional[str], receiver: Optional[Operand] = None
                       ) -> tuple[list[Operand], list[tuple[str, Operand]]]:
        args: list[Operand] = []
        keywords: list[tuple[str, Operand]] = []
        for arg in node.args:
            operand = self.operand(arg.value)
            if arg.keyword is not None:
                keywords.append((arg.keyword.value, operand))
                self.emit(KeywordArgument(arg.keyword, arg.keyword.value, arg.keyword, qualified, receiver))
            elif not arg.star:
                args.append(operand)
        return args, keywords

    def functional_in_place(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand]
                            ) -> str:
        """``F.relu_(x)``, ``torch.sigmoid_(x)``, ``F.relu(x, inplace=True)``: an in-place write on ``x``; the
        op it then runs (whose result is ``x``, changed) is the returned name."""
        twin = api.out_of_place_function(qualified)
        how = f"{qualified.replace('torch.nn.functional.', 'F.')}()"
        at = api.INPLACE_PARAMETER_AT.get(qualified)
        if twin is None and at is not None:
            flag = kw.get("inplace") or (args[at] if len(args) > at else None)
            if flag is not None and constant_bool(flag.node) is True:
                twin, how = qualified, f"{qualified.replace('torch.nn.functional.', 'F.')}(inplace=True)"
        if twin is None or not args or args[0].value.kind is not Kind.TENSOR:
            return qualified
        self.in_place_write(args[0], node, how)
        return twin

    def dispatch_call(self, node: cst.Call, qualified: Optional[str], callee: AbstractValue,
                      receiver: Optional[Operand], method: Optional[str], args: list[Operand],
                      keywords: list[tuple[str, Operand]], discarded: bool) -> AbstractValue:
        kw = dict(keywords)
        out = kw.get("out")
        if out is not None and out.value.kind in (Kind.TENSOR, Kind.NDARRAY):
            self.in_place_write(out, node, "out=")
        if qualified is not None:
            qualified = self.functional_in_place(node, qualified, args, kw)
            return self.shape_api_call(node, qualified, args, kw, self.call_api(node, qualified, args, kw, discarded))
        if receiver is not None and method is not None:
            kind = receiver.value.kind
            if kind is Kind.TENSOR:
                return self.shape_method_call(node, receiver, method, args, kw,
                                              self.tensor_method(node, receiver, method, args, kw))
            if kind is Kind.MODULE:
                return self.module_method(node, receiver, method, args, kw)
            if kind is Kind.NDARRAY:
                return self.array_method_shape(receiver, method, self.ndarray_method(node, receiver, method))
            if kind is Kind.OPTIMIZER:
                return OTHER
            if method in ("append", "insert", "extend") and kind is Kind.SEQUENCE and args:
                added = args[-1].value if method != "extend" else self.element_of(args[-1].value, args[-1].node)
                self.grow(receiver, added)
                return NONE
            key = args[0].value.literal if args else None
            if method == "get" and kind is Kind.MAPPING and isinstance(key, str):
                # ``config.get('criterion', 'max_pooling')``: the item, when the dict is known to hold it.
                return constants.item_by_key(receiver.value, key) or UNKNOWN
            if method in api.CONTAINER_MUTATORS and kind in (Kind.SEQUENCE, Kind.MAPPING):
                self.forget_contents(receiver)
                return UNKNOWN
            if kind is Kind.UNKNOWN and method in api.PARAMETER_ITERATORS | api.NAMED_PARAMETER_ITERATORS \
                    and not args and not keywords:
                # Only a module has ``.parameters()``: whatever ``model`` is, it yields its parameters. Which module
                # it is the engine cannot tell, so freezing one of them freezes any (see may_be_frozen).
                some_module = AbstractValue(kind=Kind.MODULE)
                return AbstractValue(kind=Kind.PARAMETERS, source=some_module,
                                     qualified="named" if method in api.NAMED_PARAMETER_ITERATORS else None)
            return self.call_user_method(node, receiver, method, args, keywords)
        if callee.kind is Kind.MODULE:
            return self.call_module(node, self.operand(node.func, callee), args, keywords)
        if callee.kind is Kind.CLASS:
            instance = self.sized_instance(node, args, keywords, self.instantiate(node, callee))
            return self.construct_instance(node, instance, args, keywords)
        if callee.kind is Kind.FUNCTION:
            definition = self.function_definitions.get(int(callee.qualified or 0))
            if definition is None:
                return UNKNOWN
            result = self.call_in_file(node, definition, None, None, args, keywords)
            if id(node) not in self.followed_calls:
                self.note_helper_call(definition)  # its calls are unknown: it may clear gradients
            return result
        if isinstance(node.func, cst.Name) and node.func.value == "getattr" and callee.kind is Kind.UNKNOWN \
                and len(args) == 2 and not keywords and isinstance(args[1].value.literal, str) \
                and args[1].value.literal.isidentifier():
            return self.attribute_of(args[0].value, args[1].value.literal, node)  # ``getattr(nn, 'ReLU')``
        if isinstance(node.func, cst.Name) and callee.kind is Kind.UNKNOWN:
            return self.size_builtin(node.func.value, node, args, self.call_builtin(node.func.value, args))
        return UNKNOWN

    def grow(self, container: Operand, added: AbstractValue) -> None:
        """``items.append(t)``: a list whose items are all like what it held and like ``t``."""
        held = container.value
        known = [*(held.elements or ()), *([held.source] if held.source is not None else [])]
        if held.elements is None and held.source is None and held.kind is Kind.SEQUENCE:
            self.forget_contents(container)  # it held something the engine did not follow
            return
        item = added
        for element in known:
            item = item.join(element)
        kind_of_items = item if item.kind is not Kind.UNKNOWN else None
        # The items stay in order while every one is known (``layers.append(conv)`` then ``nn.Sequential(*layers)``);
        # a list grown in a loop joins lists of different lengths, which keeps only what any item is.
        ordered = held.elements + (added,) if held.elements is not None \
            and len(held.elements) < MAX_ORDERED_ITEMS else None
        self.rebind(container, AbstractValue(kind=Kind.SEQUENCE, elements=ordered, source=kind_of_items))

    def note_helper_call(self, definition: cst.FunctionDef) -> None:
        """A loop calls a function of this file: one that mentions grads (``opt.zero_grad()``,
        ``p.grad = None`` on a global) may clear them, which the loop's own calls do not show."""
        if not self.loops:
            return
        mentions = self.mentions_grad.get(id(definition))
        if mentions is None:
            mentions = self.mentions_grad[id(definition)] = "grad" in self.module.code_for_node(definition.body)
        if mentions:
            self.loops[-1].may_clear_grads = True
