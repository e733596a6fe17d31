"""One app-wide signal that data changed; each tab reloads itself (no tab calls another)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

# Kinds of change; a tab reloads when a kind it shows changes.
PEOPLE = "people"
BRANCHES = "branches"
SETTINGS = "settings"
MEETINGS = "meetings"
TALKS = "talks"
ETHICS = "ethics"  # evaluation periods, scores, violations, honours, observations
LEARNING = "learning"  # learning records (师德培训 and study)
REVIEW = "review"  # 民主评议党员: evaluations and their results
BACKUP = "backup"  # a backup was written (the reminder goes away)
STUDY = "study"  # 党建+学习: study groups, term plans and their units
DUES = "dues"  # 党费: bases, reliefs, payments, voluntary extras
ALL = (PEOPLE, BRANCHES, SETTINGS, MEETINGS, TALKS, ETHICS, LEARNING, REVIEW, BACKUP, STUDY, DUES)


class AppEvents(QObject):
    changed = Signal(str)
