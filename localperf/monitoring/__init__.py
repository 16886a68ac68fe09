"""Monitoring: status of every target against its trajectory."""
