"""papersite: turn listings of research papers into a static site.

The package is a pipeline, one package per stage (see ``pipeline.py`` and
ARCHITECTURE.md): readers -> ingest -> sources (content/) -> enrich -> render ->
publish -> mkdocs_glue.
"""

__version__ = "0.1.0"
