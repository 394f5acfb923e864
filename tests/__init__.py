from django.db import connection

# The suite runs twice in CI (.ci/run): on SQLite, then on PostgreSQL with Redis.
ON_POSTGRES = connection.vendor == "postgresql"
