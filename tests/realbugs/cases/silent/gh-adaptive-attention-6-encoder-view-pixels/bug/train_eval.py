import torch
import torch.nn as nn
import torch.optim
import torch.utils.data
from torch.nn.utils.rnn import pack_padded_sequence
from models import *
from util import *

#Model Parameters
emb_dim = 64                   # dimension of word embeddings
attention_dim = 49             # dimension of attention linear layers (k), whoch is = num_pixels, i.e 7x7
hidden_size = 64               # dimension of decoder RNN
# Training parameters
start_epoch = 0
epochs = 1                              # number of epochs to train before finetuning the encoder. Set to 18 when finetuning ecoder
batch_size = 4                          # set to 20 when finetuning the encoder
encoder_lr = 1e-5                       # learning rate for encoder if fine-tuning
decoder_lr = 4e-4                       # learning rate for decoder
grad_clip = 0.1                         # clip gradients at an absolute value of
print_freq = 1                          # print training/validation stats every __ batches
vocab_size = 50


def train(train_loader, encoder, decoder, criterion, encoder_optimizer, decoder_optimizer, epoch, vocab_size):

    decoder.train()                 # train mode (dropout and batchnorm is used)
    encoder.train()
    losses = AverageMeter()         # loss (per decoded word)
    top5accs = AverageMeter()       # top5 accuracy

    # Batches
    for i, (imgs, caps, caplens) in enumerate(train_loader):

        # Move to GPU, if available
        imgs = imgs.to(device)
        caps = caps.to(device)
        caplens = caplens.to(device)
        # Forward prop.
        spatial_image, global_image, enc_image = encoder(imgs)
        predictions, alphas, betas, encoded_captions, decode_lengths, sort_ind = decoder(spatial_image, global_image,
                                                                                         caps, caplens, enc_image)
        # Since we decoded starting with <start>, the targets are all words after <start>, up to <end>
        targets = encoded_captions[:, 1:]
        # Remove timesteps that we didn't decode at, or are pads
        # pack_padded_sequence is an easy trick to do this
        scores, _, _, _ = pack_padded_sequence(predictions, decode_lengths, batch_first=True)
        targets, _, _, _ = pack_padded_sequence(targets, decode_lengths, batch_first=True)
        # Calculate loss
        loss = criterion(scores, targets)
        # Back prop.
        decoder_optimizer.zero_grad()
        encoder_optimizer.zero_grad()
        loss.backward()
        clip_gradient(decoder_optimizer, grad_clip)
        # Update weights
        decoder_optimizer.step()
        encoder_optimizer.step()
        # Keep track of metrics
        top5 = accuracy(scores, targets, 5)
        losses.update(loss.item(), sum(decode_lengths))
        top5accs.update(top5, sum(decode_lengths))
        # Print status every print_freq iterations --> (print_freq * batch_size) images
        if i % print_freq == 0:
            print('Epoch: [{0}][{1}/{2}]\t'
                  'Loss {loss.val:.4f} ({loss.avg:.4f})\t'
                  'Top-5 Accuracy {top5.val:.3f} ({top5.avg:.3f})\t'.format(epoch, i, len(train_loader),
                                                                            loss=losses,
                                                                            top5=top5accs))


if __name__ == '__main__':
    # The COCO images and captions (dataset.py, WORDMAP_coco.json) are replaced by random 56x56
    # images and random captions of lengths 6-10 over a 50-word vocabulary.
    images = torch.rand(8, 3, 56, 56)
    captions = torch.randint(1, vocab_size, (8, 10))
    caption_lengths = torch.randint(6, 11, (8, 1))
    train_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(images, captions, caption_lengths),
                                               batch_size=batch_size)

    decoder = DecoderWithAttention(hidden_size = hidden_size,
                                   vocab_size = vocab_size,
                                   att_dim = attention_dim,
                                   embed_size = emb_dim)
    encoder = Encoder(hidden_size = hidden_size, embed_size = emb_dim)
    decoder_optimizer = torch.optim.Adam(params=decoder.parameters(),lr=decoder_lr, betas = (0.8,0.999))
    encoder_optimizer = torch.optim.Adam(params=filter(lambda p: p.requires_grad, encoder.parameters()),
                                         lr=encoder_lr)
    decoder = decoder.to(device)
    encoder = encoder.to(device)
    criterion = nn.CrossEntropyLoss().to(device)

    for epoch in range(start_epoch, epochs):
        train(train_loader, encoder, decoder, criterion, encoder_optimizer, decoder_optimizer, epoch, vocab_size)
