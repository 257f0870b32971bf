"""A faithful local Fluent Commerce server for tests and demos."""
