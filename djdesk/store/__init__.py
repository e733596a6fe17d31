"""Storage: SQLAlchemy models, opening and migrating the SQLite file, the audit trail."""
