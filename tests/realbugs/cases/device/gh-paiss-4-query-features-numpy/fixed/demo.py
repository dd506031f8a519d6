##############################################################################
# PAISS 2018: Understanding image retrieval representations                  #
# NLE practical session 02/07/2018                                           #
# DEMO                                                                       #
##############################################################################

# Run preliminary imports
import numpy as np
from archs import *
import sys
import os.path as osp

def demo(args):
    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")

    # the Oxford5k database (images, query ROIs) is not shipped: a random query image below

    # initialize architecture and load weights
    print ('Loading the model...')
    model = resnet50_rank_DA().to(device)
    model.eval()
    print ('Done\n')

    # load the precomputed dataset features (not shipped: random features of the same width)
    d_feats = np.random.rand(50, 2048).astype(np.float32)

    # Load the query image (a random 3x96x96 image, already cropped, resized and normalized)
    I = torch.rand(3, 96, 96)
    I = I.unsqueeze(0).to(device)
    # Forward pass to extract the features
    with torch.no_grad():
        print ('Extracting the representation of the query...')
        q_feat = model(I).cpu().numpy()
    print ('Done\n')

    # Rank the database (the top-k visualization, matplotlib + the images, left out)
    ranks = np.argsort(-d_feats.dot(q_feat))[:args.topk]
    print(ranks)

if __name__ == '__main__':
    import argparse
    parser = argparse.ArgumentParser(description='Demo')

    parser.add_argument('--qidx', type=int, default=0, required=False, help='Query index')
    parser.add_argument('--topk', type=int, default=5, required=False, help='Showing top-k results')
    args = parser.parse_args()

    demo(args)
