# Stand-in for torchnet.meter.AverageValueMeter and ClassErrorMeter (top-1 only), same calls.
import math
import torch


class AverageValueMeter(object):
    def __init__(self):
        self.n, self.sum, self.sq = 0, 0.0, 0.0

    def add(self, value, n=1):
        self.n += n
        self.sum += value
        self.sq += value * value

    def value(self):
        mean = self.sum / self.n
        std = math.sqrt(max(self.sq / self.n - mean * mean, 0.0))
        return mean, std


class ClassErrorMeter(object):
    def __init__(self, topk=[1]):
        self.wrong, self.n = 0, 0

    def add(self, output, target):
        pred = torch.as_tensor(output).argmax(1)
        self.wrong += int((pred != torch.as_tensor(target)).sum())
        self.n += int(torch.as_tensor(target).numel())

    def value(self):
        return [100.0 * self.wrong / self.n]
