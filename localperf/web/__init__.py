"""The ground floor every app stands on: API conventions, pages, downloads, lookups."""
