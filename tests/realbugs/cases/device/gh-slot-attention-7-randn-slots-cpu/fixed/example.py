import torch
from slot_attention import SlotAttention

device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')

slot_attn = SlotAttention(
    num_slots = 5,
    dim = 512,
    iters = 3   # iterations of attention, defaults to 3
).to(device)

inputs = torch.randn(2, 1024, 512).to(device)
print(slot_attn(inputs).shape) # (2, 5, 512)
