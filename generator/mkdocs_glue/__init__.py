"""MkDocs glue: hooks, the build split over every core, serve."""
