"""The 党员 tab: the roster table, its filters, and the person dialogs."""
