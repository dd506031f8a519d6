# stand-in for torchaudio (not installed here); BEATs.py uses torchaudio.compliance.kaldi.fbank
