"""The TermScore: 0 to 100 (100 = fully protected) and a letter grade.

score = max(0, round(100 - sum of deductions))

- A risk finding deducts its severity weight (high 15, medium 8, low 3), halved for each
  earlier finding of the same rule in the document: the second "ai-training" finding
  deducts 7.5, the third 3.75. Repeats matter, but one rule cannot take the whole score.
- A missing protection deducts its severity weight for missing protections (high 10,
  medium 6, low 3), once.

Every deduction is positive, so adding a finding or raising a severity never raises the
score (the formula is monotone). docs/scoring.md explains the choice of weights.
"""

from __future__ import annotations

RISK_WEIGHTS = {"high": 15.0, "medium": 8.0, "low": 3.0}
MISSING_WEIGHTS = {"high": 10.0, "medium": 6.0, "low": 3.0}
REPEAT_FACTOR = 0.5
GRADES = ((90, "A"), (80, "B"), (70, "C"), (60, "D"), (0, "F"))
FORMULA = ("score = max(0, round(100 - sum(deductions))); risk deduction = weight[severity] "
           "(high 15, medium 8, low 3) x 0.5^(earlier findings of the same rule); "
           "missing protection deduction = weight[severity] (high 10, medium 6, low 3)")


def grade(score: int) -> str:
    """Return the letter grade: A from 90, B from 80, C from 70, D from 60, else F."""
    return next(letter for floor, letter in GRADES if score >= floor)


def contributions(findings: list) -> list[float]:
    """Return each finding's contribution (a negative number of points), in order.

    ``findings`` are objects with ``rule``, ``kind`` and ``severity``. Repeats are
    counted in the order given, which is document order.
    """
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        if finding.kind == "missing":
            out.append(-MISSING_WEIGHTS[finding.severity])
            continue
        earlier = seen.get(finding.rule, 0)
        seen[finding.rule] = earlier + 1
        out.append(-round(RISK_WEIGHTS[finding.severity] * REPEAT_FACTOR ** earlier, 2))
    return out


def score(points: list[float]) -> int:
    """Return the score for the given contributions."""
    return max(0, round(100 + sum(points)))
