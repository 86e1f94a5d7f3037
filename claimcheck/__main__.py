"""``python -m claimcheck`` runs the CLI."""

from .cli import run

run()
