"""Publish: write the pages, the feeds, the data files and the search index."""
