"""The daily cycle: load, classify, compare with the previous business date, keep history, write back."""
