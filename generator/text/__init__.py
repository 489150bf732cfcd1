"""Text rules every stage shares: TeX math, URLs in text, code hosts, the cut at a word."""
