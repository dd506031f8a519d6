import numpy as np
import torch
import torch.nn as nn
from torch.autograd import Variable


class test(nn.Module):
    def __init__(self,input_features):
        super(test, self).__init__()
        self.softmaxes = nn.ModuleList()
        for i in range(4):
            self.softmaxes.append(nn.Linear(input_features,num_classes[i]))
    def forward(self,batch_in):
        batch_in = Variable(torch.FloatTensor(batch_in).cuda())
        classify = []
        for i in range(4):
            classify.append(self.softmaxes[i](batch_in))
        return classify

if __name__ == "__main__":

    #params
    batch_size = 32
    lr = 0.0001
    epochs = 10
    input_features = 100
    train_samples = 5000
    test_samples = 1000
    num_classes = [5,2,10,3]
    num_tasks = len(num_classes)

    #create data
    X = np.random.rand(train_samples+test_samples,input_features)
    X_train = X[:train_samples]
    X_test = X[train_samples:]
    y_trains = [np.random.randint(0,c,train_samples) for c in num_classes]
    y_tests = [np.random.randint(0,c,test_samples) for c in num_classes]

    model = test(input_features)
    model.cuda()
    outputs = model(X_train[:batch_size])
    print([output.shape for output in outputs])
