"""Timelines: the evolution of NLP architectures and deep-learning milestones."""

from coursekit.sim import Figure

# (year, label, lane, hover)
NLP_EVENTS = [
    (2013, "word2vec", "Word vectors", "Dense word vectors; analogies such as king − man + woman ≈ queen."),
    (2014, "GloVe", "Word vectors", "Word vectors from global co-occurrence statistics."),
    (
        2014,
        "Attention for translation",
        "Recurrent networks",
        "Bahdanau et al.: encoder-decoder LSTMs that attend over the source sentence.",
    ),
    (2015, "BiLSTM era", "Recurrent networks", "Bidirectional LSTMs dominate NLP tasks from 2014 to 2018."),
    (
        2017,
        "Transformer",
        "Transformers",
        "'Attention Is All You Need': self-attention replaces recurrence; all positions in parallel.",
    ),
    (
        2018,
        "BERT",
        "Transformers",
        "Encoder pretrained by masked language modelling, then fine-tuned; records on nearly every benchmark.",
    ),
    (2018.5, "GPT", "Transformers", "Decoder pretrained autoregressively to predict the next token."),
    (
        2020,
        "GPT-3",
        "Transformers",
        "175 billion parameters, 300 billion tokens; few-shot and zero-shot learning without fine-tuning.",
    ),
    (2023, "LLMs", "Transformers", "GPT-4, Claude, Gemini, LLaMA: trillions of tokens; reasoning, code, tool use."),
]

# (year, label, domain, impact 1-10, hover)
MILESTONES = [
    (2006, "CTC", "speech", 6, "Graves et al.: train RNNs on unaligned audio and text."),
    (2012, "AlexNet", "vision", 10, "ImageNet top-5 error cut from 26% to 15%."),
    (2013, "word2vec", "language", 6, "Learned word embeddings replace hand-crafted features."),
    (2014, "GAN", "generation", 8, "Goodfellow et al.: a generator trained to fool a discriminator."),
    (2014, "DeepSpeech", "speech", 5, "Hannun et al.: one deep RNN with CTC on spectrograms matches classic ASR."),
    (2015, "ResNet", "vision", 9, "Top-5 error 3.6%, below the ~5% human level."),
    (2015, "U-Net", "vision", 7, "Encoder-decoder with skip connections; medical segmentation, later diffusion."),
    (2016, "AlphaGo", "science", 8, "Deep CNNs for policy and value estimation master the game of Go."),
    (2016, "WaveNet", "speech", 6, "Raw audio from dilated causal convolutions."),
    (2017, "Transformer", "language", 10, "Self-attention replaces recurrence."),
    (2018, "BERT", "language", 9, "Pretrain, then fine-tune becomes the default."),
    (2020, "GPT-3", "language", 9, "175B parameters; tasks from a few examples in the prompt."),
    (2020, "DDPM", "generation", 7, "Diffusion models learn to denoise random noise into images."),
    (2020, "ViT", "vision", 8, "Self-attention over image patches competes with CNNs."),
    (2020, "AlphaFold", "science", 10, "Transformers and equivariant networks predict 3D protein structure."),
    (2021, "CLIP", "vision", 6, "Image-text pretraining; classification from natural language."),
    (2022, "Stable Diffusion", "generation", 9, "Latent diffusion with a U-Net denoiser."),
    (2022, "Whisper", "speech", 7, "Transformer trained on 680,000 hours of labelled audio."),
    (2023, "LLMs", "language", 10, "GPT-4, Claude, Gemini, LLaMA: foundation models for language."),
    (2023, "SAM", "vision", 6, "Segment Anything: any object from one click."),
]

DOMAINS = ["vision", "speech", "language", "generation", "science"]


def nlp_evolution(rng):
    fig = Figure(x_label="Year", y_label="", x_range=(2012, 2025))
    for year, label, lane, hover in NLP_EVENTS:
        # the Transformer is the event the chapter is about
        fig.event(year, label, lane=lane, hover=hover, colour="highlight" if label == "Transformer" else None)
    return fig


def milestones(domain, rng):
    fig = Figure(x_label="Year", y_label="Approximate impact", x_range=(2005, 2026), y_range=(0, 11))
    for year, label, dom, impact, hover in MILESTONES:
        if domain == "all" or dom == domain:
            fig.event(year, label, value=impact, hover=f"{year} · {dom}: {hover}")
    return fig
