"""Every record tbparse reads or writes, in one place: the output contract of ../spec."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentMeta(_Model):
    """Header metadata per Nghị định 30/2020/NĐ-CP (thể thức văn bản)."""

    kind: str | None = None
    number: str | None = None
    issuer: str | None = None
    place: str | None = None
    date: str | None = Field(None, description="ISO issue date; null when day or month is blank")
    date_text: str | None = None
    title: str | None = None
    recipients: list[str] = Field(default_factory=list, description='a công văn\'s "Kính gửi" list')


class Section(_Model):
    number: str | None = None
    heading: str | None = None
    field: str
    line: int = Field(description="1-based source line of the heading")
    level: int = 1


class Span(_Model):
    line_start: int
    line_end: int


class Decision(_Model):
    """Why a task got one of its values: shown by --explain."""

    what: str  # owner | deadline | field | task | co_owners | directed_by
    rule: str
    value: str | None = None
    line: int | None = None


class Task(_Model):
    id: int
    field: str
    section: str | None = None
    owner: str | None = None
    co_owners: list[str] = Field(default_factory=list)
    directed_by: str | None = None
    action: str
    deadline: str | None = None
    deadline_text: str | None = None
    recurrence: str | None = None
    span: Span
    text: str
    decisions: list[Decision] = Field(default_factory=list, exclude=True)


class Change(_Model):
    """One restoration edit, as `normalize --explain` lists it."""

    line: int
    before: str
    after: str
    stage: str  # unicode | lexicon | channel+lm | spacing | speck
    score: float | None = None


class Restoration(_Model):
    damage: float = Field(description="share of syllables that look OCR-damaged, 0..1")
    restored: bool
    changes: int = 0


class Document(_Model):
    source: str
    document: DocumentMeta
    sections: list[Section] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    restoration: Restoration | None = None


class Finding(_Model):
    """One defect reported by `tbparse validate`."""

    code: str
    severity: str  # error | warning | info
    file: str
    line: int | None = None
    message: str
