"""The carer-support resource directory: load, validate and publish YAML records with MkDocs."""
