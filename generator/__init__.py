"""papersite: turn listings of research papers into a static site.

The package is a pipeline (see ``pipeline.py``): readers -> store -> tagging,
related, links -> corpus -> render -> output -> MkDocs.
"""

__version__ = "0.1.0"
