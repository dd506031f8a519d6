import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

device = torch.device('cuda:0' if torch.cuda.is_available() else 'cpu')


class MyModule(nn.Module):
	"""Some Information about MyModule"""
	def __init__(self):
		super(MyModule, self).__init__()
		self.body = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))

	def forward(self, x):
		x = self.body(x)
		return x


class MyDataset(torch.utils.data.Dataset):
	"""Some Information about MyDataset"""
	def __init__(self):
		super(MyDataset, self).__init__()
		self.inputs = torch.randn(32, 16)
		self.labels = torch.randint(0, 4, (32,))

	def __getitem__(self, index):
		return self.inputs[index], self.labels[index]

	def __len__(self):
		return len(self.labels)


net = MyModule().to(device)
trainloader = torch.utils.data.DataLoader(MyDataset(), batch_size=8, shuffle=True)
criterion = nn.CrossEntropyLoss()

for params in net.body[0].parameters():
	params.requires_grad = False

optimizer = torch.optim.SGD(net.parameters(), lr=1e-2)

# loop over the dataset multiple times
for epoch in range(1):
	running_loss = 0.0
	for i, data in enumerate(trainloader, 0):
		inputs, labels = data
		inputs, labels = inputs.to(device), labels.to(device)

		# zero the parameter gradients
		optimizer.zero_grad()

		# forward + backward + optimize
		outputs = net(inputs)
		loss = criterion(outputs, labels)
		loss.backward()
		optimizer.step()

		running_loss += loss.item()

	print('Loss: {}'.format(running_loss))

print('Finished Training')
