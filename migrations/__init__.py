"""Alembic migrations, installed as `floorcon.migrations` so the app can upgrade any store."""
