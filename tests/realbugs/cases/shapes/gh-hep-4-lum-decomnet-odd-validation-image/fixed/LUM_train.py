import torch
import torch.nn.functional as F

from models.LUM_model import DecomNet

# configs/unit_LUM.yaml, the options this script reads (get_config(opts.light_config) in the repository)
light_config = {'batch_size': 4, 'lr': 0.001, 'weight_decay': 0.0001, 'beta1': 0.9, 'beta2': 0.999,
                'activ': 'relu', 'pad_type': 'reflect', 'norm': 'none',
                'crop_image_height': 64, 'crop_image_width': 64}


def main():
    batch_size = light_config['batch_size']
    learning_rate = light_config['lr']
    height = light_config['crop_image_height']
    width = light_config['crop_image_width']
    beta1 = light_config['beta1']
    beta2 = light_config['beta2']

    light = DecomNet(light_config)
    optim = torch.optim.Adam(light.parameters(), lr=learning_rate, weight_decay=light_config['weight_decay'],
                             betas=(beta1, beta2))

    # one training step on random 64x64 crops of low-light images (LOL data in the repository)
    low_im = torch.rand(batch_size, 3, height, width)
    r_low, i_low = light(low_im)
    loss = F.l1_loss(r_low * i_low, low_im)
    optim.zero_grad()
    loss.backward()
    optim.step()
    print('train loss', loss.item())

    # evaluation on full-size validation images: here one of 97x128 pixels (an odd height, like the reporter's)
    light.eval()
    with torch.no_grad():
        val_x = torch.rand(1, 3, 97, 128)
        r_x, i_x = light(val_x)
    print(r_x.shape, i_x.shape)


if __name__ == '__main__':
    main()
