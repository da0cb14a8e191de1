"""Import of the NCES school directory (CCD) into districts and schools.

`importer.import_nces` does the work; `console.run_import_cli` is what
`trellis import nces` runs; `layouts` reads the files and needs no database.
"""
