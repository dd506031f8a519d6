"""exp() saves its output for backward; changing it in place breaks backward()."""

import torch


def main() -> None:
    x = torch.ones(2, 2, requires_grad=True)
    y = x.exp()
    z = y * 2
    y.add_(1)
    z.sum().backward()


main()
