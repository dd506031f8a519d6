import time
import numpy as np

# misc/utils.py trimmed to what trainer.py uses here (cv2/PIL/torchvision helpers removed)

def adjust_learning_rate(optimizer, 
                         cur_iters,
                         max_iters,
                         warmup='linear', 
                         warmup_iters=500, 
                         warmup_ratio=1e-6, 
                         lr=0.00006, 
                         power=1.0, 
                         min_lr=0.0):
    
    if warmup is not None:
        if warmup not in ['constant', 'linear', 'exp']:
            raise ValueError(
                f'"{warmup}" is not a supported type for warming up, valid'
                ' types are "constant" and "linear"')
            
    if warmup is not None:
        assert warmup_iters > 0, \
            '"warmup_iters" must be a positive integer'
        assert 0 < warmup_ratio <= 1.0, \
            '"warmup_ratio" must be in range (0,1]'
    
    if warmup == 'linear':
        k = (1-cur_iters/warmup_iters)*(1-warmup_ratio)
        warmup_lr = lr*(1-k)
    if warmup == 'constant':
        warmup_lr = lr*warmup_ratio
    if warmup == 'exp':
        k = warmup_ratio**(1-cur_iters/warmup_iters)
        warmup_lr = lr*k
    
    
    if warmup is None or  cur_iters >= warmup_iters:
        coff = (1-cur_iters/max_iters)**power
        lr = (lr - min_lr)*coff + min_lr
        for param_group in optimizer.param_groups:
            param_group['lr'] = lr
        
        return lr
    
    else:
        for param_group in optimizer.param_groups:
            param_group['lr'] = warmup_lr
        
        return warmup_lr

class AverageMeter(object):
    """Computes and stores the average and current value"""

    def __init__(self):
        self.reset()

    def reset(self):
        self.cur_val = 0
        self.avg = 0
        self.sum = 0
        self.count = 0

    def update(self, cur_val):
        self.cur_val = cur_val
        self.sum += cur_val
        self.count += 1
        self.avg = self.sum / self.count
        
class Timer(object):
    """A simple timer."""
    def __init__(self):
        self.total_time = 0.
        self.calls = 0
        self.start_time = 0.
        self.diff = 0.
        self.average_time = 0.

    def tic(self):
        # using time.time instead of time.clock because time time.clock
        # does not normalize for multithreading
        self.start_time = time.time()

    def toc(self, average=True):
        self.diff = time.time() - self.start_time
        self.total_time += self.diff
        self.calls += 1
        self.average_time = self.total_time / self.calls
        if average:
            return self.average_time
        else:
            return self.diff

