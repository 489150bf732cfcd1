"""Text rules every stage shares: TeX math in titles and abstracts."""
