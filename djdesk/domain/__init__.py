"""Pure rules and values of the Party office: no Qt, no SQLAlchemy, no I/O."""
