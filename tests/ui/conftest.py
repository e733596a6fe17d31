"""UI fixtures: an Asker that records questions and answers them, so no dialog is ever left open."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest


@dataclass
class RecordingAsker:
    answers: list[bool] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)

    def error(self, parent: object, message: str) -> None:
        self.errors.append(message)

    def confirm(self, parent: object, question: str) -> bool:
        self.questions.append(question)
        return self.answers.pop(0)


@pytest.fixture
def asker() -> RecordingAsker:
    return RecordingAsker()
