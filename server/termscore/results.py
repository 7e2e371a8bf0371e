"""Warnings that travel with results, so nothing is dropped without a message."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Message:
    """A warning attached to a result: a stable code, a sentence, and where it applies."""

    code: str
    message: str
    location: str | None = None

    def to_dict(self) -> dict:
        out = {"code": self.code, "message": self.message}
        if self.location:
            out["location"] = self.location
        return out


@dataclass
class Result:
    """A value plus the warnings produced while computing it."""

    value: object
    warnings: list[Message] = field(default_factory=list)
