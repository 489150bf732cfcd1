"""Ingest: a listing record becomes a new paper file or joins the paper it already is."""
