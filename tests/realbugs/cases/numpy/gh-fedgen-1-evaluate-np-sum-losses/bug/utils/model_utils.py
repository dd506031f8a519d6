import torch
from FLAlgorithms.trainmodel.models import Net


def read_data(dataset):
    # The Mnist-alpha0.1-ratio0.5 json splits are not shipped: two users with 40 random
    # 1x28x28 images each, split into train and test as the json files are.
    torch.manual_seed(0)
    clients = ['f_00000', 'f_00001']
    train_data = {c: {'x': torch.rand(32, 1, 28, 28), 'y': torch.randint(0, 10, (32,))} for c in clients}
    test_data = {c: {'x': torch.rand(8, 1, 28, 28), 'y': torch.randint(0, 10, (8,))} for c in clients}
    return clients, [], train_data, test_data


def read_user_data(index, data, dataset='', count_labels=False):
    #data contains: clients, groups, train_data, test_data, proxy_data(optional)
    id = data[0][index]
    train_data = data[2][id]
    test_data = data[3][id]
    X_train, y_train = train_data['x'], train_data['y']
    train_data = [(x, y) for x, y in zip(X_train, y_train)]
    X_test, y_test = test_data['x'], test_data['y']
    test_data = [(x, y) for x, y in zip(X_test, y_test)]
    return id, train_data, test_data


def get_dataset_name(dataset):
    dataset=dataset.lower()
    passed_dataset=dataset.lower()
    if 'celeb' in dataset:
        passed_dataset='celeb'
    elif 'emnist' in dataset:
        passed_dataset='emnist'
    elif 'mnist' in dataset:
        passed_dataset='mnist'
    else:
        raise ValueError('Unsupported dataset {}'.format(dataset))
    return passed_dataset


def create_model(model, dataset, algorithm):
    passed_dataset = get_dataset_name(dataset)
    model= Net(passed_dataset, model), model
    return model
