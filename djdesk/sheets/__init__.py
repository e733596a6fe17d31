"""Spreadsheets in and out (openpyxl): the roster import and the 花名册 export; no Qt."""
