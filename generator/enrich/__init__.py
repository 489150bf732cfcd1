"""Enrich: tags, related papers, links and backlinks over the whole corpus."""
