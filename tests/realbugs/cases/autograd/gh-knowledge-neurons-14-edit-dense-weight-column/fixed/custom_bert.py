"""A BERT masked-LM with the attribute layout of the repository's custom_bert.BertForMaskedLM, at toy size."""
import torch
import torch.nn as nn


class BertEmbeddings(nn.Module):
    def __init__(self, vocab_size, hidden_size):
        super(BertEmbeddings, self).__init__()
        self.word_embeddings = nn.Embedding(vocab_size, hidden_size)

    def forward(self, input_ids):
        return self.word_embeddings(input_ids)


class BertIntermediate(nn.Module):
    def __init__(self, hidden_size, intermediate_size):
        super(BertIntermediate, self).__init__()
        self.dense = nn.Linear(hidden_size, intermediate_size)

    def forward(self, hidden_states):
        return torch.nn.functional.gelu(self.dense(hidden_states))


class BertOutput(nn.Module):
    def __init__(self, intermediate_size, hidden_size):
        super(BertOutput, self).__init__()
        self.dense = nn.Linear(intermediate_size, hidden_size)
        self.LayerNorm = nn.LayerNorm(hidden_size)

    def forward(self, hidden_states, input_tensor):
        return self.LayerNorm(self.dense(hidden_states) + input_tensor)


class BertLayer(nn.Module):
    def __init__(self, hidden_size, intermediate_size):
        super(BertLayer, self).__init__()
        self.intermediate = BertIntermediate(hidden_size, intermediate_size)
        self.output = BertOutput(intermediate_size, hidden_size)

    def forward(self, hidden_states):
        return self.output(self.intermediate(hidden_states), hidden_states)


class BertEncoder(nn.Module):
    def __init__(self, num_layers, hidden_size, intermediate_size):
        super(BertEncoder, self).__init__()
        self.layer = nn.ModuleList([BertLayer(hidden_size, intermediate_size) for _ in range(num_layers)])

    def forward(self, hidden_states):
        for layer_module in self.layer:
            hidden_states = layer_module(hidden_states)
        return hidden_states


class BertModel(nn.Module):
    def __init__(self, vocab_size, hidden_size, intermediate_size, num_layers):
        super(BertModel, self).__init__()
        self.embeddings = BertEmbeddings(vocab_size, hidden_size)
        self.encoder = BertEncoder(num_layers, hidden_size, intermediate_size)

    def forward(self, input_ids):
        return self.encoder(self.embeddings(input_ids))


class BertForMaskedLM(nn.Module):
    def __init__(self, vocab_size=32, hidden_size=16, intermediate_size=64, num_layers=2):
        super(BertForMaskedLM, self).__init__()
        self.bert = BertModel(vocab_size, hidden_size, intermediate_size, num_layers)

    def forward(self, input_ids, attention_mask, token_type_ids, tgt_pos=None, tgt_layer=None):
        sequence_output = self.bert(input_ids)
        # tie the output projection to the word embeddings, as BERT's MLM head does
        logits = sequence_output[:, tgt_pos] @ self.bert.embeddings.word_embeddings.weight.t()
        return None, logits
