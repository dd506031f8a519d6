import torch
import torch.nn as nn
import torch.nn.functional as F

from sam import SAM


class Classifier(nn.Module):
    """Multi-task image classifier returning (output, logit_map): one logit per task, as the reporter's model does."""

    def __init__(self, num_tasks):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, num_tasks, 1))

    def forward(self, image):
        logit_map = self.backbone(image)
        output = [logit_map[:, t].mean(dim=(1, 2)) for t in range(logit_map.shape[1])]
        return output, logit_map


def get_loss(output, target, index, device, cfg):
    target = target[:, index].view(-1).to(device)
    loss = F.binary_cross_entropy_with_logits(output[index].view(-1), target)
    acc = ((torch.sigmoid(output[index].view(-1)) > 0.5).float() == target).float().mean()
    return loss, acc


cfg = None
device = torch.device('cpu')
num_tasks = 5
model = Classifier(num_tasks).to(device)
base_optimizer = torch.optim.SGD
optimizer = SAM(model.parameters(), base_optimizer, lr=0.1, momentum=0.9)
loss_sum = torch.zeros(num_tasks)
acc_sum = torch.zeros(num_tasks)

for step in range(2):
    image = torch.randn(4, 3, 16, 16)
    target = torch.randint(0, 2, (4, num_tasks)).float()

    output, logit_map = model(image)

    loss = 0
    for t in range(num_tasks):
        loss_t, acc_t = get_loss(output, target, t, device, cfg)
        loss += loss_t
        loss_sum[t] += loss_t.item()
        acc_sum[t] += acc_t.item()

    optimizer.zero_grad()
    loss.backward()
    optimizer.first_step(zero_grad=True)
    output, logit_map = model(image)

    for t in range(num_tasks):
        loss_t, acc_t = get_loss(output, target, t, device, cfg)
        loss += loss_t
        loss_sum[t] += loss_t.item()
        acc_sum[t] += acc_t.item()
    loss.backward()  # expect: TL103
    optimizer.second_step(zero_grad=True)
    print(step, loss_sum / (step + 1))
