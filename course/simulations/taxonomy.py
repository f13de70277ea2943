"""The main computer-vision tasks and how they build on each other."""

from coursekit.sim import Diagram


def vision_tasks(rng):
    d = Diagram(direction="down")
    d.node("vision", "Computer vision", hover="Learning to interpret images; each task below adds spatial detail.")
    d.node(
        "cls",
        "Image classification",
        hover="One label per image: what is in it? AlexNet, VGG, GoogLeNet, ResNet, EfficientNet, ViT.",
    )
    d.node(
        "det",
        "Object detection",
        hover="A class and a bounding box per object: what and where? R-CNN family, YOLO, DETR.",
    )
    d.node("sem", "Semantic segmentation", hover="A class for every pixel, objects of one class merged. U-Net (2015).")
    d.node("inst", "Instance segmentation", hover="A mask per object: detection and segmentation combined.")
    d.node(
        "open",
        "Open-vocabulary recognition",
        hover="CLIP: classify images against natural-language descriptions, learned from image-text pairs.",
    )
    d.node("sam", "Promptable segmentation", hover="SAM (Segment Anything): a mask for any object from a single click.")
    d.node(
        "gen", "Image generation", hover="U-Net reused as the denoiser of diffusion models such as Stable Diffusion."
    )
    d.edge("vision", "cls")
    d.edge("cls", "det")
    d.edge("cls", "sem")
    d.edge("det", "inst")
    d.edge("sem", "inst")
    d.edge("cls", "open")
    d.edge("inst", "sam")
    d.edge("sem", "gen")
    return d
