"""Browser tests: Playwright driving Debian's chromium against the live test server.

The fixtures (`browser`, `page`, `live_reference`) live in tests/conftest.py, shared by
every directory."""
