"""Import a town's own spreadsheet (.xlsx, .xls, .ods, .csv) into validated record files.

sheets.py reads files into rows and finds the header row; headings.py maps headings to fields
(columns.yml); cells.py and rows.py turn cells and rows into field values; readings.py guesses
readings and makes slugs; files.py finds each row's file (stable across imports) and writes
them all at once; yamlwrite.py writes files like the samples; importer.py plans,
validates and writes all files or none, and words the report.
"""

from .importer import ImportOptions, ImportReport, run_import

__all__ = ["ImportOptions", "ImportReport", "run_import"]
