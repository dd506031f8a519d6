import torch


def to_dense_adj(edge_index, edge_attr=None):
    num_nodes = int(edge_index.max()) + 1
    values = edge_attr if edge_attr is not None else torch.ones(edge_index.size(1), device=edge_index.device)
    adj = torch.zeros(1, num_nodes, num_nodes, device=edge_index.device, dtype=values.dtype)
    adj[0, edge_index[0], edge_index[1]] = values
    return adj
