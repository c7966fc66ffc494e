"""CLI command modules. Each module defines ``register(app)`` adding its commands to the Typer app."""
