"""Alembic environment: runs on the connection handed over by aic_dash.store.db.upgrade()."""

from alembic import context

from aic_dash.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
