"""Everything Qt: the main window shell, the tabs, dialogs and printing."""
