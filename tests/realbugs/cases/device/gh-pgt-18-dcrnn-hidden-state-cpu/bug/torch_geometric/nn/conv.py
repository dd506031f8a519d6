import torch


class MessagePassing(torch.nn.Module):
    """propagate() = message() on each edge, summed at the target node (aggr='add', source_to_target)."""

    def __init__(self, aggr='add', flow='source_to_target'):
        super().__init__()
        self.aggr, self.flow = aggr, flow

    def propagate(self, edge_index, x, norm, size=None):
        source, target = edge_index
        messages = self.message(x[source], norm)
        out = torch.zeros(x.size(0), messages.size(1), device=x.device, dtype=messages.dtype)
        return out.index_add_(0, target, messages)
