# 7.中文分类.ipynb, its code cells in order. The notebook downloads ChnSentiCorp (datasets), the
# bert-base-chinese tokenizer and BertModel (transformers); here the dataset is generated
# sentences from a positive and a negative word list, and `token` / `pretrained` are small
# stand-ins with the same call signatures: a character tokenizer whose batch_encode_plus returns
# input_ids/attention_mask/token_type_ids, and a frozen embedding "encoder" whose output has a
# last_hidden_state of width 768. transformers.AdamW is torch.optim.AdamW.
import random
from types import SimpleNamespace

import torch


#定义数据集
class Dataset(torch.utils.data.Dataset):
    def __init__(self, split):
        rng = random.Random(0 if split == 'train' else 1)
        good, bad = '好棒赞美爱喜欢满意舒服干净', '差烂坏脏吵贵慢难失望糟'
        self.dataset = []
        for _ in range(960 if split == 'train' else 160):
            label = rng.randint(0, 1)
            words = good if label else bad
            text = ''.join(rng.choice(words + '的了是在这') for _ in range(rng.randint(6, 12)))
            self.dataset.append({'text': text, 'label': label})

    def __len__(self):
        return len(self.dataset)

    def __getitem__(self, i):
        text = self.dataset[i]['text']
        label = self.dataset[i]['label']

        return text, label


dataset = Dataset('train')


class CharTokenizer:
    def __init__(self):
        self.vocab = {'[PAD]': 0, '[CLS]': 1}

    def batch_encode_plus(self, batch_text_or_text_pairs, truncation, padding, max_length, return_tensors,
                          return_length):
        ids = [[1] + [self.vocab.setdefault(c, len(self.vocab)) for c in text][:max_length - 1]
               for text in batch_text_or_text_pairs]
        input_ids = torch.tensor([row + [0] * (max_length - len(row)) for row in ids])
        return {'input_ids': input_ids, 'attention_mask': (input_ids != 0).long(),
                'token_type_ids': torch.zeros_like(input_ids), 'length': torch.tensor([len(r) for r in ids])}


#加载字典和分词工具
token = CharTokenizer()


def collate_fn(data):
    sents = [i[0] for i in data]
    labels = [i[1] for i in data]

    #编码
    data = token.batch_encode_plus(batch_text_or_text_pairs=sents,
                                   truncation=True,
                                   padding='max_length',
                                   max_length=16,
                                   return_tensors='pt',
                                   return_length=True)

    #input_ids:编码之后的数字
    #attention_mask:是补零的位置是0,其他位置是1
    input_ids = data['input_ids']
    attention_mask = data['attention_mask']
    token_type_ids = data['token_type_ids']
    labels = torch.LongTensor(labels)

    return input_ids, attention_mask, token_type_ids, labels


#数据加载器
loader = torch.utils.data.DataLoader(dataset=dataset,
                                     batch_size=16,
                                     collate_fn=collate_fn,
                                     shuffle=True,
                                     drop_last=True)


class BertStandIn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = torch.nn.Embedding(100, 768)

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.embeddings(input_ids) * attention_mask.unsqueeze(-1)
        cls = hidden.sum(dim=1, keepdim=True) / attention_mask.sum(dim=1, keepdim=True).unsqueeze(-1)
        return SimpleNamespace(last_hidden_state=torch.cat([cls, hidden[:, 1:]], dim=1))


#加载预训练模型
torch.manual_seed(0)
pretrained = BertStandIn()

#不训练,不需要计算梯度
for param in pretrained.parameters():
    param.requires_grad_(False)


#定义下游任务模型
class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(768, 2)

    def forward(self, input_ids, attention_mask, token_type_ids):
        with torch.no_grad():
            out = pretrained(input_ids=input_ids,
                       attention_mask=attention_mask,
                       token_type_ids=token_type_ids)

        out = self.fc(out.last_hidden_state[:, 0])

        out = out.softmax(dim=1)

        return out


model = Model()

#训练
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4)
criterion = torch.nn.CrossEntropyLoss()

model.train()
for i, (input_ids, attention_mask, token_type_ids,
        labels) in enumerate(loader):
    out = model(input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids)

    loss = criterion(out, labels)  # expect: TL110
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()

    if i % 5 == 0:
        out = out.argmax(dim=1)
        accuracy = (out == labels).sum().item() / len(labels)

        print(i, loss.item(), accuracy)

    if i == 300:
        break


#测试
def test():
    model.eval()
    correct = 0
    total = 0

    loader_test = torch.utils.data.DataLoader(dataset=Dataset('validation'),
                                              batch_size=32,
                                              collate_fn=collate_fn,
                                              shuffle=True,
                                              drop_last=True)

    for i, (input_ids, attention_mask, token_type_ids,
            labels) in enumerate(loader_test):

        if i == 5:
            break

        print(i)

        with torch.no_grad():
            out = model(input_ids=input_ids,
                        attention_mask=attention_mask,
                        token_type_ids=token_type_ids)

        out = out.argmax(dim=1)
        correct += (out == labels).sum().item()
        total += len(labels)

    print(correct / total)


test()
