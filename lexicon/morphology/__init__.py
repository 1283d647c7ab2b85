"""Shipped morphology data: WordNet 3.0 exception lists and word list (see NOTICE)."""
