"""
BERT MLM runner
"""

import argparse
import random

import torch
import torch.nn.functional as F

from custom_bert import BertForMaskedLM


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--norm_lambda1", default=1.0, type=float)
    parser.add_argument("--norm_lambda2", default=1.0, type=float)
    args = parser.parse_args([])

    random.seed(42)
    torch.manual_seed(42)
    device = torch.device("cpu")

    model = BertForMaskedLM()
    model.to(device)
    model.eval()

    # the relation's eval bags and knowledge neurons ([layer, position in the FFN]), which the repository reads from json
    eval_bag_list_perrel = {'P101': [[[[5, 6, 7, 8], 3]]]}
    kn_bag_list_perrel = {'P101': [[[0, 10], [1, 42]]]}

    def edit(rel, bag_idx, tgt_label_id):
        eval_bag = eval_bag_list_perrel[rel][bag_idx]
        kn_bag = kn_bag_list_perrel[rel][bag_idx]

        rd_idx = random.randint(1, len(eval_bag)) - 1
        eval_example = eval_bag[rd_idx]
        input_ids = torch.tensor(eval_example[0], dtype=torch.long).unsqueeze(0).to(device)
        input_mask = torch.ones_like(input_ids)
        segment_ids = torch.zeros_like(input_ids)
        tgt_pos = eval_example[1]

        _, logits = model(input_ids=input_ids, attention_mask=input_mask, token_type_ids=segment_ids, tgt_pos=tgt_pos, tgt_layer=0)  # (1, n_vocab)
        ori_tgt_prob = F.softmax(logits, dim=-1)[0, tgt_label_id]  # scalar
        ori_pred_prob, ori_pred_label_id = F.softmax(logits, dim=-1)[0].max(dim=-1)

        # edit knowledge
        ori_pred_emb = model.bert.embeddings.word_embeddings.weight[ori_pred_label_id.item()]
        tgt_emb = model.bert.embeddings.word_embeddings.weight[tgt_label_id]
        print(f'-- kn_num: {len(kn_bag)}')
        lambda_list_1 = []
        lambda_list_2 = []
        ori_pred_emb_norm = torch.norm(ori_pred_emb)
        tgt_emb_norm = torch.norm(tgt_emb)
        for layer, pos in kn_bag:
            value_norm = torch.norm(model.bert.encoder.layer[layer].output.dense.weight[:, pos])
            lambda_list_1.append(value_norm / ori_pred_emb_norm * args.norm_lambda1)
            lambda_list_2.append(value_norm / tgt_emb_norm * args.norm_lambda2)
        with torch.no_grad():
            for i, (layer, pos) in enumerate(kn_bag):
                model.bert.encoder.layer[layer].output.dense.weight[:, pos] -= ori_pred_emb * lambda_list_1[i]
                model.bert.encoder.layer[layer].output.dense.weight[:, pos] += tgt_emb * lambda_list_2[i]

        _, logits = model(input_ids=input_ids, attention_mask=input_mask, token_type_ids=segment_ids, tgt_pos=tgt_pos, tgt_layer=0)  # (1, n_vocab)
        new_tgt_prob = F.softmax(logits, dim=-1)[0, tgt_label_id]  # scalar
        print(f'tgt prob: {ori_tgt_prob.item():.8} -> {new_tgt_prob.item():.8}')

        # recover knowledge
        with torch.no_grad():
            for i, (layer, pos) in enumerate(kn_bag):
                model.bert.encoder.layer[layer].output.dense.weight[:, pos] += ori_pred_emb * lambda_list_1[i]
                model.bert.encoder.layer[layer].output.dense.weight[:, pos] -= tgt_emb * lambda_list_2[i]

        return new_tgt_prob.item() - ori_tgt_prob.item()

    print('tgt_prob_inc', edit('P101', 0, 11))


if __name__ == "__main__":
    main()
