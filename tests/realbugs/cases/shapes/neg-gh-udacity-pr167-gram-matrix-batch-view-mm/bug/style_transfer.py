import torch
import torch.nn as nn
import torch.optim as optim


def get_gram_matrix(img):
    """
    Compute the gram matrix by converting to 2D tensor and doing dot product
    img: (batch, channel/depth, height, width)
    """
    b, d, h, w = img.size()
    img = img.view(b*d, h*w) # fix the dimension. It doesn't make sense to put b=1 when it's not always the case
    gram = torch.mm(img, img.t())
    return gram


# stand-in for the pretrained VGG19 feature layers the notebook taps (random weights, two conv blocks)
vgg = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(),   # conv1_1
    nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),  # conv2_1
)
for param in vgg.parameters():
    param.requires_grad_(False)
layers = {'1': 'conv1_1', '4': 'conv2_1'}


def get_features(image, model, layers=layers):
    features = {}
    x = image
    for name, layer in model._modules.items():
        x = layer(x)
        if name in layers:
            features[layers[name]] = x
    return features


# a batch of two style images and two content images (random 3x64x64 instead of loaded photos)
style = torch.rand(2, 3, 64, 64)
content = torch.rand(2, 3, 64, 64)
style_features = get_features(style, vgg)
style_grams = {layer: get_gram_matrix(style_features[layer]) for layer in style_features}

target = content.clone().requires_grad_(True)
optimizer = optim.Adam([target], lr=0.003)
style_weights = {'conv1_1': 1., 'conv2_1': 0.75}
for ii in range(2):
    target_features = get_features(target, vgg)
    style_loss = 0
    for layer in style_weights:
        target_feature = target_features[layer]
        target_gram = get_gram_matrix(target_feature)
        _, d, h, w = target_feature.shape
        style_gram = style_grams[layer]
        layer_style_loss = style_weights[layer] * torch.mean((target_gram - style_gram) ** 2)
        style_loss += layer_style_loss / (d * h * w)
    optimizer.zero_grad()
    style_loss.backward()
    optimizer.step()
    print(ii, style_loss.item(), target_gram.shape)
