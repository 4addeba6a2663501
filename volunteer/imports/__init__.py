"""Spreadsheet imports (M4, O6): read what community staff really keep in Excel, clean it, and run
it through the same service functions and scope as the admin screens — dry run first, then all
or nothing."""
