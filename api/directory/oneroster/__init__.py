"""OneRoster 1.1 and 1.2 CSV: import of orgs, staff users and their roles, and export.

`archive` opens a zip safely, `files` reads its manifest and CSVs, `plan` turns them
into rows for the directory's tables, `importer` writes them, `exporter` writes the
directory back out and `console` is what `trellis import oneroster` runs.
"""
