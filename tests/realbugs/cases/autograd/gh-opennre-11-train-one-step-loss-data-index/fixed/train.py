import config
import models
import numpy as np
import os
import time
import datetime
import json
import sys
import os
import argparse


def gen_random_data(data_path, n_bags=8, bag_size=2, vocab=100, max_length=120, num_classes=53):
	"""Write random arrays with the layout gen_data.py gives the NYT data (the real data is a download)."""
	if not os.path.exists(data_path):
		os.mkdir(data_path)
	n = n_bags * bag_size
	scope = np.array([[i * bag_size, (i + 1) * bag_size - 1] for i in range(n_bags)])
	mask = np.zeros((n, max_length, 3), dtype=np.float32)
	mask[:, :40, 0] = 100
	mask[:, 40:80, 1] = 100
	mask[:, 80:, 2] = 100
	bag_label = np.random.randint(0, num_classes, n_bags)
	arrays = {
		'vec': np.random.randn(vocab, 50).astype(np.float32),
		'train_ins_label': np.repeat(bag_label, bag_size), 'train_bag_label': bag_label, 'train_bag_scope': scope,
		'test_bag_label': np.eye(num_classes, dtype=np.int64)[bag_label], 'test_bag_scope': scope,
	}
	for split in ('train', 'test'):
		arrays[split + '_word'] = np.random.randint(0, vocab, (n, max_length))
		arrays[split + '_pos1'] = np.random.randint(1, 2 * max_length, (n, max_length))
		arrays[split + '_pos2'] = np.random.randint(1, 2 * max_length, (n, max_length))
		arrays[split + '_mask'] = mask
	for name, array in arrays.items():
		np.save(os.path.join(data_path, name + '.npy'), array)


os.environ['CUDA_VISIBLE_DEVICES'] = '4'
parser = argparse.ArgumentParser()
parser.add_argument('--model_name', type = str, default = 'pcnn_att', help = 'name of the model')
args = parser.parse_args([])
model = {
	'pcnn_att': models.PCNN_ATT,
	'pcnn_one': models.PCNN_ONE,
	'pcnn_ave': models.PCNN_AVE,
	'cnn_att': models.CNN_ATT,
	'cnn_one': models.CNN_ONE,
	'cnn_ave': models.CNN_AVE
}
gen_random_data('./data')
con = config.Config()
con.set_max_epoch(1)
con.set_batch_size(8)
con.set_test_epoch(2)
con.load_train_data()
con.load_test_data()
con.set_train_model(model[args.model_name])
con.train()
