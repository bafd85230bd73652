"""The factlint rule catalogue: one module per rule, grouped by family.

- `integrity` (FL0xx): provenance of mentions and claims against the article files.
"""
