"""The factlint rule catalogue: one module per rule, grouped by family.

- `integrity` (FL0xx): provenance of mentions and claims against the article files.
- `dates` (FL1xx): event dates, weekdays, calendars, publication and order.
- `names` (FL2xx): names, places, people and their offices.
- `agreements` (FL3xx): agreement scopes, parties and the scope vocabulary.
"""
