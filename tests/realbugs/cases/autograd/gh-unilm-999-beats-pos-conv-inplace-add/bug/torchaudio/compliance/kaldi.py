# Stand-in for torchaudio.compliance.kaldi.fbank (torchaudio is not installed here): same call and
# output shape (num_frames x num_mel_bins, snip_edges framing), a log power spectrum pooled to
# num_mel_bins bands instead of Kaldi's mel filterbank.
import torch
import torch.nn.functional as F


def fbank(waveform, num_mel_bins=23, sample_frequency=16000.0, frame_length=25.0, frame_shift=10.0, **kwargs):
    window = int(sample_frequency * frame_length / 1000)
    shift = int(sample_frequency * frame_shift / 1000)
    frames = waveform[0].unfold(0, window, shift)                      # (num_frames, window)
    power = torch.fft.rfft(frames * torch.hann_window(window)).abs() ** 2
    bands = F.adaptive_avg_pool1d(power.unsqueeze(1), num_mel_bins).squeeze(1)
    return torch.log(bands + 1e-6)
