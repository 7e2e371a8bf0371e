"""Helpers for the tests: paths to shared material, validators, the LibreOffice oracle."""
