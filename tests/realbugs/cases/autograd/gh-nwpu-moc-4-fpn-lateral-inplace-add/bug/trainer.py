import os
import numpy as np

import torch
from torch import optim
from torch.autograd import Variable

from models.CC import CrowdCounter
from config import cfg
from misc.utils import *
import datasets

from misc.utils import adjust_learning_rate

class Trainer():
    def __init__(self, cfg_data, pwd):

        self.cfg_data = cfg_data
        self.train_loader, self.val_loader = datasets.loading_data(cfg.DATASET)

        self.data_mode = cfg.DATASET
        self.exp_name = cfg.EXP_NAME
        self.exp_path = cfg.EXP_PATH
        self.pwd = pwd

        self.net_name = cfg.NET
        self.gpu_id = cfg.GPU_ID

        self.net = CrowdCounter(self.net_name, self.gpu_id)
        
        self.categorys = self.cfg_data.CATEGORYS
        self.num_classes = len(self.categorys)

        if cfg.BACKBONE_FREEZE:       
            self.optimizer = optim.AdamW([
                {'params': [param for name, param in self.net.named_parameters() if 'backbone' in name], 'lr': cfg.CONV_LR, 'weight_decay': cfg.WEIGHT_DECAY},
                {'params': [param for name, param in self.net.named_parameters() if 'backbone' not in name], 'lr': cfg.BASE_LR, 'weight_decay': cfg.WEIGHT_DECAY},
            ])
        else:
            self.optimizer = optim.AdamW(self.net.parameters(), lr=cfg.BASE_LR, weight_decay=cfg.WEIGHT_DECAY)

        self.timer = {'iter time' : Timer(),'train time' : Timer(),'val time' : Timer()} 

        self.epoch = 0
        self.i_tb = 0
        self.num_iters = cfg.MAX_EPOCH * int(len(self.train_loader))
        self.train_loss_avg = 0
        self.val_loss_avg = 0


    def forward(self):

        for epoch in range(self.epoch,cfg.MAX_EPOCH):
            self.epoch = epoch

            # training    
            self.timer['train time'].tic()
            self.train()
            self.timer['train time'].toc(average=False)

            print( 'train time: {:.2f}s'.format(self.timer['train time'].diff) )
            print( '='*20 )
            self.train_loss_avg = 0
            
    def train(self): # training for all datasets
        
        self.net.train()
        
        train_losses = AverageMeter()
        
        for it, data in enumerate(self.train_loader, 0):
            self.i_tb += 1
            self.timer['iter time'].tic()
            for k, v in data.items(): # data to cuda
                data[k] = v.cuda()

            num_class = self.num_classes
            rgb, nir, gt_map = data['rgb'], data['nir'], data['gt_map'][:, :num_class, :, :]

            self.optimizer.zero_grad()

            outputs = self.net(data, num_class, it)
            pred_map = outputs['pred_map']
            gauss_map = outputs['gauss_map']

            loss = self.net.loss
            loss.backward()
            self.optimizer.step()
            
            train_losses.update(loss.item())
            
            base_lr = adjust_learning_rate(self.optimizer, self.i_tb, self.num_iters, lr=cfg.BASE_LR)

            print( '[ep %d][it %d][loss %.4f][base_lr %.8f]' % (self.epoch + 1, it + 1, loss.item(), self.optimizer.param_groups[0]['lr']) )

        self.train_loss_avg = train_losses.avg
