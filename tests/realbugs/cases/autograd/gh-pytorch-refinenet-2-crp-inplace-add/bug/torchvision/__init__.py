# stand-in for torchvision (not installed here); only torchvision.models.resnet101 is used
