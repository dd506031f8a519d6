import torch

from model_builder import FashionMNISTModelV2

device = "cuda" if torch.cuda.is_available() else "cpu"
class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

torch.manual_seed(42)
model_2 = FashionMNISTModelV2(input_shape=1,
                              hidden_units=10,
                              output_shape=len(class_names)).to(device)

# one Fashion-MNIST test image as the dataset returns it: [color_channels, height, width]
test_data = [(torch.rand(1, 28, 28), 9)]
image, label = test_data[0]
print(image.shape)

model_2.eval()
with torch.inference_mode():
    pred_logit = model_2(image.unsqueeze(dim=0).to(device))
    pred_prob = torch.softmax(pred_logit.squeeze(), dim=0)
print(class_names[pred_prob.argmax()], class_names[label])
