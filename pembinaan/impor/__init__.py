"""The all-or-nothing import engine: read a CSV/XLSX table, check every row, then write in bulk."""
