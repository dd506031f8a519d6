"""TL106 reported twice on one ``x.data = f(x.data)`` statement: at the write and at the read.

From: torchrl 0.14.1, torchrl/modules/distributions/continuous.py lines 617-646
(TanhNormal.get_mode); the same statement shape is in torch_geometric 2.8.1
explain/algorithm/graphmask_explainer.py lines 462-466 (``torch.full_like(self.lambda_op.data, -2)``)
and botorch 0.18.1 botorch_community/models/vbll_helper.py line 423
(``torch.clamp(self.noise_logdiag.data, min=0)``): 4 findings at the read (accelerate's
``param.data = param.data.to(...)`` read is counted in tl106_data_assign_changes_dtype.py).
Why it is correct: the ``.data`` read on the right-hand side is consumed at once by
``torch.where``/``full_like``/``clamp``, which build a new tensor; the ``.data =`` write goes
around autograd but no pending backward saved the tensor, so TL106 (which reports harm) says nothing.
The file runs under torch 2.13 without error.
"""
# regression: TL106

import torch


def get_mode(low, high):
    """Estimate the mode by gradient ascent, projecting back into [low, high] after each step."""
    m = torch.nn.Parameter(torch.rand(3).clamp(low, high))
    optim = torch.optim.Adam((m,), lr=1e-2)
    target = torch.tensor([0.2, 0.5, 0.9])
    for _ in range(20):
        loss = ((m - target) ** 2).sum()
        loss.backward()
        mc = m.clone().detach()
        optim.step()
        optim.zero_grad()
        nans = m.isnan()
        if nans.any():
            m.data = torch.where(nans, mc, m.data)
    return m.detach()


class GraphMaskExplainer:
    def train_lambda(self, init_lambda):
        self.lambda_op = torch.tensor(init_lambda, requires_grad=True)
        optimizer_lambda = torch.optim.RMSprop([self.lambda_op], lr=0.01, centered=True)
        loss = self.lambda_op * 2.0
        loss.backward()
        self.lambda_op.grad *= -1
        optimizer_lambda.step()
        if self.lambda_op.item() < -2:
            self.lambda_op.data = torch.full_like(
                self.lambda_op.data, -2)
        return self.lambda_op


if __name__ == "__main__":
    assert get_mode(0.0, 1.0).shape == (3,)
    assert GraphMaskExplainer().train_lambda(-5.0).item() == -2
