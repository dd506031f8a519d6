# The model goes to the GPU; a CPU tensor is concatenated with GPU features.
import torch
import torch.nn as nn


class Fusion(nn.Module):
    def __init__(self):
        super().__init__()
        self.image_encoder = nn.Linear(512, 128)
        self.head = nn.Linear(128 + 8, 2)

    def forward(self, image_features, metadata):
        encoded = self.image_encoder(image_features)
        return self.head(torch.cat([encoded, metadata], dim=1))


model = Fusion().cuda()
image_features = torch.randn(4, 512).cuda()
metadata = torch.randn(4, 8)
encoded = model.image_encoder(image_features)
fused = torch.cat([encoded, metadata], dim=1)  # expect: TL201
scores = model(image_features, metadata.cuda())
