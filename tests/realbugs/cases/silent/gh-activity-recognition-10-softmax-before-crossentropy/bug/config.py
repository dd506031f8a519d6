config_info = {
    'data_folder': 'Your data_har.npy folder/',
    'data_folder_raw': 'Your raw data folder/',
    'result_file': 'result.csv',
    'epoch': 3,
    'lr': 0.01,
    'batch_size': 64,
    'momemtum': 0.9
}
