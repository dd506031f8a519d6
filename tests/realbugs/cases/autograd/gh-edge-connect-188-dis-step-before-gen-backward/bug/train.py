"""The edge model's training step of src/edge_connect.py (EdgeConnect.train, model == 1)."""
import torch

from src.models import EdgeModel


class Config(dict):
    """config.yml's training keys, as src/config.py exposes them (attribute access)."""

    def __getattr__(self, name):
        return self[name]


config = Config(PATH='./checkpoints', MODE=1, MODEL=1, GPU=[0], LR=0.0001, D2G_LR=0.1, BETA1=0.0, BETA2=0.9,
                GAN_LOSS='nsgan', FM_LOSS_WEIGHT=10, MAX_ITERS=2, DEVICE=torch.device('cpu'))

edge_model = EdgeModel(config).to(config.DEVICE)

# places2 images, their canny edges and irregular masks: random 32x32 stand-ins
train_loader = [(torch.rand(1, 1, 32, 32), (torch.rand(1, 1, 32, 32) > 0.8).float(), (torch.rand(1, 1, 32, 32) > 0.7).float())
                for _ in range(2)]

for images_gray, edges, masks in train_loader:
    edge_model.train()

    # train
    outputs, gen_loss, dis_loss, logs = edge_model.process(images_gray, edges, masks)

    # backward
    edge_model.backward(gen_loss, dis_loss)
    iteration = edge_model.iteration
    print(iteration, logs)
