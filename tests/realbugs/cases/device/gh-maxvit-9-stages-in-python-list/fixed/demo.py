import torch
import maxvit

# Tiny model, on the GPU (the issue: "Put the code on the GPU and run")
network: maxvit.MaxViT = maxvit.max_vit_tiny_224(num_classes=1000).cuda()
input = torch.rand(1, 3, 224, 224).cuda()
output = network(input)
print(output.shape)
