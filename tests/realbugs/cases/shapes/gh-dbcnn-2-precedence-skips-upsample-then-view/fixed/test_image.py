import torch

from DBCNN import DBCNN

options = {'fc': True}
net = DBCNN(options)
net.eval()

# one test image of the size in the report (random pixels instead of the image file)
image = torch.rand(1, 3, 764, 960)
with torch.no_grad():
    score = net(image)
print(score.shape)
