"""The USB backup's dialogs: backing up, checking and restoring a backup, snapshots, the reminder."""
