from __future__ import print_function
import argparse
import torch
import torch.nn as nn
import torch.optim as optim
from torch.autograd import Variable
import numpy as np

# Training settings
parser = argparse.ArgumentParser(description='generative adversarial perturbations')
parser.add_argument('--batchSize', type=int, default=2, help='training batch size')
parser.add_argument('--ngf', type=int, default=8, help='generator filters in first conv layer')
parser.add_argument('--optimizer', type=str, default='adam', help='optimizer: "adam" or "sgd"')
parser.add_argument('--lr', type=float, default=0.0002, help='Learning Rate. Default=0.002')
parser.add_argument('--beta1', type=float, default=0.5, help='beta1 for adam. default=0.5')
parser.add_argument('--MaxIter', type=int, default=2, help='Iterations in each Epoch')
parser.add_argument('--mag_in', type=float, default=10.0, help='l_inf magnitude of perturbation')
parser.add_argument('--foolmodel', type=str, default='vgg16', help='model to fool: "incv3", "vgg16", or "vgg19"')
parser.add_argument('--perturbation_type', type=str, default='imdep', help='"universal" or "imdep" (image dependent)')
parser.add_argument('--target', type=int, default=-1, help='target class: -1 if untargeted, 0..999 if targeted')
parser.add_argument('--gpu_ids', help='gpu ids: e.g. 0 or 0,1', type=str, default='0')
opt = parser.parse_args()

gpulist = [int(i) for i in opt.gpu_ids.split(',')]
n_gpu = len(gpulist)

mean_arr = [0.485, 0.456, 0.406]
stddev_arr = [0.229, 0.224, 0.225]

# ImageNet through torchvision ImageFolder: random 32x32 batches
training_data_loader = [(torch.rand(opt.batchSize, 3, 32, 32), torch.randint(0, 10, (opt.batchSize,))) for _ in range(2)]

# the pretrained torchvision vgg16 and the ResnetGenerator: small stand-ins of the same roles
pretrained_clf = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10))
pretrained_clf = pretrained_clf.cuda()
pretrained_clf.eval()
for p in pretrained_clf.parameters():
    p.requires_grad = False

mag_in = opt.mag_in

netG = nn.Sequential(nn.Conv2d(3, opt.ngf, 3, padding=1), nn.ReLU(), nn.Conv2d(opt.ngf, 3, 3, padding=1), nn.Tanh())
netG = netG.cuda()
optimizerG = optim.Adam(netG.parameters(), lr=opt.lr, betas=(opt.beta1, 0.999))
criterion_pre = nn.CrossEntropyLoss()
criterion_pre = criterion_pre.cuda()

train_loss_history = []
itr_accum = 0


def train(epoch):
    netG.train()
    global itr_accum
    global optimizerG

    for itr, (image, _) in enumerate(training_data_loader, 1):
        if itr > opt.MaxIter:
            break

        if opt.target == -1:
            # least likely class in nontargeted case
            pretrained_label_float = pretrained_clf(Variable(image).cuda())
            _, target_label = torch.min(pretrained_label_float, 1)
        else:
            # targeted case
            target_label = torch.LongTensor(image.size(0))
            target_label.fill_(opt.target)
            target_label = Variable(target_label.cuda())

        itr_accum += 1

        image = Variable(image)
        image = image.cuda()

        ## generate per image perturbation from fixed noise
        delta_im = netG(image)

        delta_im = normalize_and_scale(delta_im, 'train')

        netG.zero_grad()

        recons = torch.add(image.cuda(), delta_im.cuda())

        # do clamping per channel
        for cii in range(3):
            recons[:,cii,:,:] = recons[:,cii,:,:].clone().clamp(image[:,cii,:,:].min(), image[:,cii,:,:].max())

        output_pretrained = pretrained_clf(recons.cuda())

        # attempt to get closer to least likely class, or target
        loss = torch.log(criterion_pre(output_pretrained, target_label))

        loss.backward()
        optimizerG.step()

        train_loss_history.append(loss.item())
        print("===> Epoch[{}]({}/{}) loss: {:.4f}".format(epoch, itr, len(training_data_loader), loss.item()))


def normalize_and_scale(delta_im, mode='train'):
    if opt.foolmodel == 'incv3':
        delta_im = nn.ConstantPad2d((0,-1,-1,0),0)(delta_im) # crop slightly to match inception

    delta_im = delta_im + 1 # now 0..2
    delta_im = delta_im * 0.5 # now 0..1

    # normalize image color channels
    for c in range(3):
        delta_im[:,c,:,:] = (delta_im[:,c,:,:] - mean_arr[c]) / stddev_arr[c]

    # threshold each channel of each image in deltaIm according to inf norm
    # do on a per image basis as the inf norm of each image could be different
    bs = opt.batchSize if (mode == 'train') else opt.testBatchSize
    for i in range(bs):
        # do per channel l_inf normalization
        for ci in range(3):
            l_inf_channel = delta_im[i,ci,:,:].detach().abs().max()
            mag_in_scaled_c = mag_in/(255.0*stddev_arr[ci])
            gpu_id = gpulist[1] if n_gpu > 1 else gpulist[0]
            delta_im[i,ci,:,:] = delta_im[i,ci,:,:] * np.minimum(1.0, mag_in_scaled_c / l_inf_channel.cpu().numpy())

    return delta_im


if __name__ == '__main__':
    torch.manual_seed(123)
    for epoch in range(1, 2):
        train(epoch)
