"""MkDocs glue: the papersite plugin, the build split over every core, the run, serve."""
