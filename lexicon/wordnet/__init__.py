"""The part of WordNet 3.0 the resolver's walk reads (walk.tsv.gz; see NOTICE)."""
