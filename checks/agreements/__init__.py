"""Agreement rules: what articles say about an agreement's parties and scopes agree."""
