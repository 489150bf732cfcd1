"""The source files contributors edit under content/: read, validate, write."""
