"""TL103 backward-twice."""

from __future__ import annotations

from tensorlens.analysis.events import BackwardThroughFreedGraph
from tensorlens.analysis.rule_api import LineOf, Rule


class BackwardTwice(Rule):
    """
    ## What it does
    Flags a `backward()` (or `torch.autograd.backward`/`torch.autograd.grad`) that
    runs through part of a graph whose saved tensors an earlier backward already
    freed: the same loss backpropagated twice, two losses sharing a subgraph, or a
    loss computed once before a loop and backpropagated in every iteration. Only
    graphs known to hold saved tensors count (`x.sum()` twice is fine).

    ## Why is this bad
    To save memory, backward frees the tensors each graph node saved as soon as it
    has used them, unless told `retain_graph=True`. The second pass finds them gone:
    `RuntimeError: Trying to backward through the graph a second time`.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    criterion = nn.MSELoss()
    loader = [(torch.randn(8, 4), torch.randn(8, 1)) for _ in range(3)]
    x, y = loader[0]
    loss = criterion(model(x), y)
    for step in range(10):
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    criterion = nn.MSELoss()
    loader = [(torch.randn(8, 4), torch.randn(8, 1)) for _ in range(3)]
    x, y = loader[0]
    for step in range(10):
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    ```

    ## Fix
    None: whether to recompute the graph, sum the losses first or keep the graph
    (`retain_graph=True`, which costs memory) is a design decision.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.Tensor.backward.html
    - https://pytorch.org/docs/stable/notes/autograd.html#saved-tensors
    """

    code = "TL103"
    # A finding needs a backward(): `.backward()` or torch.autograd.backward/grad.
    triggers = ("backward", "autograd")

    def on_backward_through_freed_graph(self, event: BackwardThroughFreedGraph) -> None:
        through, root = event.through, event.root
        subject = f"`{root.text}.backward()`" if root.text else "this backward()"
        same_call = event.freed_by is event.node

        def message(line_of: LineOf) -> str:
            if same_call:
                earlier = "this same backward() freed in the loop's previous iteration"
                advice = "compute the loss inside the loop"
            else:
                earlier = f"the backward() at line {line_of(event.freed_by)} already freed"
                advice = "pass `retain_graph=True` to the first backward(), or backpropagate the sum once"
            return (f"{subject} runs through `{through.op}` (line {line_of(through.node)}) again, whose saved "
                    f"tensors {earlier}: "
                    f"RuntimeError ('Trying to backward through the graph a second time'); {advice}")

        related = [(through.node, "its saved tensors are freed")]
        if not same_call:
            related.append((event.freed_by, "the first backward() frees them here"))
        self.report(event.node, message, related)
