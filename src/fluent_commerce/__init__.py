"""Typed client for the Fluent Commerce API."""
