"""Inference types: what Python sees (a pure data package; imports nothing else from lesto)."""
