"""Which database the suite runs on (CI runs it twice: SQLite, then PostgreSQL with Redis). Imported by tests
only: scripts under bench/ import other modules of tests/ before Django is set up."""

from django.db import connection

ON_POSTGRES = connection.vendor == "postgresql"
