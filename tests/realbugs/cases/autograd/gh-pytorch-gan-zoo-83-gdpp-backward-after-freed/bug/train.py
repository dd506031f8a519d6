# What `python train.py PGAN -c config_cifar10.json --restart -n cifar10 --GDPP True` does per
# iteration at the first scale (4x4), without the trainer, dataset and checkpoint machinery:
# a ProgressiveGAN with the standard PGAN configuration (WGANGP, lambdaGP 10, epsilonD 0.001,
# mini-batch stddev) and GDPP switched on, fed real batches through model.optimizeParameters.
import torch

from models.progressive_gan import ProgressiveGAN

torch.manual_seed(0)

model = ProgressiveGAN(dimLatentVector=32,
                       depthScale0=32,
                       miniBatchStdDev=True,
                       lossMode='WGANGP',
                       lambdaGP=10.,
                       epsilonD=0.001,
                       GDPP=True,
                       useGPU=True)

for iteration in range(2):
    inputs_real = torch.randn(8, 3, 4, 4)      # CIFAR-10 images downscaled to scale 0
    allLosses = model.optimizeParameters(inputs_real)
    print(iteration, {key: round(float(value), 4) for key, value in allLosses.items()})
