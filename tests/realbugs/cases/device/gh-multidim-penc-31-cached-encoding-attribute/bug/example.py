import torch
from positional_encodings.torch_encodings import PositionalEncoding1D, Summer

# Returns the position encoding only
p_enc_1d_model = PositionalEncoding1D(10)

# Return the inputs with the position encoding added
p_enc_1d_model_sum = Summer(PositionalEncoding1D(10))

x = torch.rand(1,6,10)
penc_no_sum = p_enc_1d_model(x) # penc_no_sum.shape == (1, 6, 10)
penc_sum = p_enc_1d_model_sum(x)
print(penc_no_sum + x == penc_sum) # True

# The same layer inside a model that then trains on the GPU
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
p_enc_1d_model_sum = p_enc_1d_model_sum.to(device)
penc_sum = p_enc_1d_model_sum(x.to(device))
print(penc_sum.shape)
