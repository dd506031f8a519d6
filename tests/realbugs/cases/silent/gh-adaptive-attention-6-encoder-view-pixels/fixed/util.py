#Functon to clip gradients computed during backpropagation to avoid exploding gradient problem
#Parameters: optimizer used, and grad_clip = clip value
def clip_gradient(optimizer, grad_clip):
    for group in optimizer.param_groups:
        for param in group['params']:
            if param.grad is not None:
                param.grad.data.clamp_(-grad_clip, grad_clip)

def accuracy(scores, targets, k):

    batch_size = targets.size(0)
    #Return the indices of the top-k elements along the first dimension (along every row of a 2D Tensor), sorted
    _, ind = scores.topk(k, 1, True, True)
    #The target tensor is the same for each of the top-k predictions (words). Therefore, we need to expand it to
    #the same shape as the tensor (ind)
    #(double every label in the row --> so every row will contain k elements/k columns)
    correct = ind.eq(targets.view(-1, 1).expand_as(ind))
    #Sum up the correct predictions --> we will now have one value (the sum)
    correct_total = correct.view(-1).float().sum()
    #Devide by the batch_size and return the percentage
    return correct_total.item() * (100.0 / batch_size)

#Class that keeps track of most recent value, average, sum, and count of a metric.
class AverageMeter(object):

    def __init__(self):
        self.reset()

    def reset(self):
        self.val = 0
        self.avg = 0
        self.sum = 0
        self.count = 0

    def update(self, val, n=1):
        self.val = val
        self.sum += val * n
        self.count += n
        self.avg = self.sum / self.count
