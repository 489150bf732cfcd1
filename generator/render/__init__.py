"""Render: the corpus as markdown pages for MkDocs (templates, escaping, cite, graph)."""
