"""Provenance rules: mentions and claims agree with the article files and the reference tables."""
