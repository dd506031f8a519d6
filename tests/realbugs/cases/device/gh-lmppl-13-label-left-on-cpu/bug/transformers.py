# Stand-in for the three Hugging Face entry points lmppl calls (no downloads in the corpus):
# a whitespace tokenizer that pads with pad_token_id, and a tiny causal LM returning {'logits'}.
import torch
import torch.nn as nn


class _Tokenizer:
    pad_token = "<pad>"
    pad_token_id = 0
    model_max_length = 1024

    def __init__(self):
        self.vocab = {self.pad_token: 0}

    def __len__(self):
        return 1000

    def __call__(self, texts, max_length=None, truncation=False, padding=False, return_tensors=None):
        ids = [[1 + hash(word) % 998 for word in text.split()] for text in texts]
        length = max_length if padding == 'max_length' else max(len(i) for i in ids)
        input_ids = torch.tensor([i[:length] + [self.pad_token_id] * (length - len(i[:length])) for i in ids])
        return {'input_ids': input_ids, 'attention_mask': (input_ids != self.pad_token_id).long()}


class _CausalLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(1000, 16)
        self.head = nn.Linear(16, 1000)

    @property
    def device(self):
        return next(self.parameters()).device

    def forward(self, input_ids, attention_mask=None):
        return {'logits': self.head(self.embed(input_ids))}


class AutoTokenizer:
    @staticmethod
    def from_pretrained(model, **kwargs):
        return _Tokenizer()


class AutoConfig:
    @staticmethod
    def from_pretrained(model, **kwargs):
        return {'model': model}


class AutoModelForCausalLM:
    @staticmethod
    def from_pretrained(model, **kwargs):
        torch.manual_seed(0)
        return _CausalLM()
