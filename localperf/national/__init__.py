"""The national and regional picture for government (rules N1, M3, M5, M7): indicator
selection across agreements, one indicator across every area, a Government Office's
region, and the evidence and flags of an area assessment."""
