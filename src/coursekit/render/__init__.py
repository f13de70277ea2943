"""Render stage: Markdown to HTML/MathML fragments, simulations to SVG, variants expanded."""
