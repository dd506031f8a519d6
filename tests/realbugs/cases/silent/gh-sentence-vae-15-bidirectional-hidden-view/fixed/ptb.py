import torch
from torch.utils.data import Dataset


class PTB(Dataset):
    """The Penn Treebank reader (ptb.py), replaced by random sentences of the same dict form:
    'input' starts with <sos>, 'target' ends with <eos>, both padded to max_sequence_length."""

    def __init__(self, data_dir, split, create_data, max_sequence_length=20, min_occ=1):
        self.max_sequence_length = max_sequence_length
        self.vocab_size = 30
        self.pad_idx, self.unk_idx, self.sos_idx, self.eos_idx = 0, 1, 2, 3
        generator = torch.Generator().manual_seed(0 if split == 'train' else 1)
        self.lengths = torch.randint(4, max_sequence_length, (16,), generator=generator)
        self.words = torch.randint(4, self.vocab_size, (16, max_sequence_length), generator=generator)

    def __len__(self):
        return len(self.lengths)

    def __getitem__(self, idx):
        length = int(self.lengths[idx])
        input = torch.full((self.max_sequence_length,), self.pad_idx, dtype=torch.long)
        target = torch.full((self.max_sequence_length,), self.pad_idx, dtype=torch.long)
        input[0] = self.sos_idx
        input[1:length] = self.words[idx, :length - 1]
        target[:length - 1] = self.words[idx, :length - 1]
        target[length - 1] = self.eos_idx
        return {'input': input, 'target': target, 'length': length}
