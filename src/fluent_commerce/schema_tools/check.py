"""``schema check``: do our operations still work against a (possibly new) schema?"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graphql import (
    GraphQLSchema,
    NoUnusedFragmentsRule,
    find_breaking_changes,
    find_dangerous_changes,
    specified_rules,
    validate,
)

from .normalize import load_schema
from .operations import OperationSet, Usage, format_error, load_operations

__all__ = ["CheckReport", "SchemaChange", "check_loaded", "check_schema", "validate_operations"]

_RULES = [rule for rule in specified_rules if rule is not NoUnusedFragmentsRule]

# graphql-core describes each change in prose; these patterns recover what it touches.
# Order matters: argument patterns must win over the plain field pattern.
_N = r"(?P<{}>[_A-Za-z][_0-9A-Za-z]*)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(pattern.format(t=_N.format("t"), f=_N.format("f"), a=_N.format("a"))))
    for kind, pattern in [
        ("field", r"^A required arg {a} on {t}\.{f} was added"),
        ("field", r"^An optional arg {a} on {t}\.{f} was added"),
        ("field", r"^{t}\.{f} arg {a} (?:defaultValue was removed|has changed defaultValue)"),
        ("arg", r"^{t}\.{f} arg {a} "),
        ("field", r"^{t}\.{f} (?:was removed|changed type)"),
        ("type", r"field {f} on input type {t} was added"),
        ("type", r"^{f} was (?:added to|removed from) union type {t}\.$"),
        ("type", r"^{f} was (?:added to|removed from) enum type {t}\.$"),
        ("type", r"^{f} added to interfaces implemented by {t}\.$"),
        ("type", r"^{t} no longer implements interface {f}\.$"),
        ("directive", r"^A required arg {a} on directive {t} was added"),
        ("directive", r"^{a} was removed from {t}\.$"),
        ("directive", r"^Repeatable flag was removed from {t}\.$"),
        ("type", r"^{t} changed from "),
        ("type", r"^(?:Standard scalar )?{t} was removed"),
    ]
]


@dataclass(frozen=True)
class SchemaChange:
    """A breaking or dangerous change that touches at least one of our operations."""

    kind: str
    description: str
    operations: tuple[str, ...]


@dataclass
class CheckReport:
    """The result of :func:`check_schema`.

    ``operations`` maps every operation name to its validation errors against the candidate
    (an empty list means it is valid). ``breaking``/``dangerous`` list only the changes from
    the committed schema that touch something our operations use; ``*_total`` count them all.
    """

    candidate: str
    committed: str
    operations: dict[str, list[str]] = field(default_factory=dict)
    breaking: list[SchemaChange] = field(default_factory=list)
    dangerous: list[SchemaChange] = field(default_factory=list)
    breaking_total: int = 0
    dangerous_total: int = 0
    compared: bool = False

    @property
    def ok(self) -> bool:
        """True when every operation is valid against the candidate schema."""
        return not self.broken

    @property
    def broken(self) -> list[str]:
        """Names of the operations that do not validate, in order."""
        return [name for name, errors in self.operations.items() if errors]

    @property
    def exit_code(self) -> int:
        """1 if any operation breaks, else 0 (for the CLI)."""
        return 0 if self.ok else 1

    def render(self) -> str:
        """Human-readable report; ends with a newline."""
        lines = [f"Schema check: {self.candidate}"]
        if self.compared:
            lines.append(f"  compared with {self.committed}")
        valid = len(self.operations) - len(self.broken)
        lines += ["", f"Operations: {valid} valid, {len(self.broken)} broken"]
        for name, errors in self.operations.items():
            hits = sum(name in change.operations for change in self.breaking)
            note = f"  (touched by {hits} breaking change{'s' * (hits != 1)})" if hits else ""
            lines.append(f"  {'BROKEN' if errors else 'ok':<7}{name}{note}")
            lines += [f"      {error}" for error in errors]
        if not self.compared:
            lines += ["", "Schema changes: not compared (the candidate is the committed schema)"]
        sections = [
            ("Breaking", self.breaking, self.breaking_total),
            ("Dangerous", self.dangerous, self.dangerous_total),
        ]
        for title, changes, total in sections if self.compared else []:
            lines += ["", f"{title} changes touching our operations: {len(changes)} of {total}"]
            for change in changes:
                lines.append(f"  {change.kind}: {change.description}")
                lines.append(f"      affects: {', '.join(change.operations)}")
        verdict = "OK" if self.ok else f"FAILED: {', '.join(self.broken)} would break"
        lines += ["", f"Result: {verdict}"]
        return "\n".join(lines) + "\n"


def check_schema(
    candidate_path: str | os.PathLike[str],
    *,
    committed_path: str | os.PathLike[str],
    queries_dir: str | os.PathLike[str],
) -> CheckReport:
    """Validate every operation in ``queries_dir`` against ``candidate_path`` and list the
    changes from ``committed_path`` that touch what the operations use.

    Both schemas may be in legacy syntax. Raises :class:`~.errors.SchemaSyntaxError` or
    :class:`~.errors.SchemaValidationError` if either schema is unusable, and
    :class:`~.errors.OperationsError` if ``queries_dir`` holds no operations.
    """
    candidate_path, committed_path = Path(candidate_path), Path(committed_path)
    candidate = load_schema(candidate_path)
    same = candidate_path.resolve() == committed_path.resolve()
    return check_loaded(
        candidate,
        None if same else load_schema(committed_path),
        load_operations(queries_dir),
        candidate_label=str(candidate_path),
        committed_label=str(committed_path),
    )


def check_loaded(
    candidate: GraphQLSchema,
    committed: GraphQLSchema | None,
    operations: OperationSet,
    *,
    candidate_label: str,
    committed_label: str,
) -> CheckReport:
    """:func:`check_schema` for schemas and operations already loaded; ``committed=None``
    means the candidate *is* the committed schema (nothing to compare)."""
    report = CheckReport(candidate=candidate_label, committed=committed_label)
    report.operations = validate_operations(candidate, operations)
    if committed is not None:
        report.compared = True
        usage = Usage.of(committed, operations.operations)
        breaking = [(c.type.name, c.description) for c in find_breaking_changes(committed, candidate)]
        dangerous = [(c.type.name, c.description) for c in find_dangerous_changes(committed, candidate)]
        report.breaking, report.breaking_total = _touching(breaking, usage), len(breaking)
        report.dangerous, report.dangerous_total = _touching(dangerous, usage), len(dangerous)
    return report


def validate_operations(schema: GraphQLSchema, operations: OperationSet) -> dict[str, list[str]]:
    """Map each operation (and each unreadable file) to its errors against ``schema``."""
    result: dict[str, list[str]] = {}
    for operation in operations.operations:
        errors = validate(schema, operation.document, _RULES)
        result[operation.name] = [format_error(error) for error in errors]
    for name, problems in operations.problems.items():
        result.setdefault(name, []).extend(problems)
    return dict(sorted(result.items()))


def _touching(changes: Iterable[tuple[str, str]], usage: Usage) -> list[SchemaChange]:
    touching: list[SchemaChange] = []
    for kind, description in changes:
        affected = _affected(description, usage)
        if affected:
            touching.append(SchemaChange(kind, description, tuple(sorted(affected))))
    return touching


def _affected(description: str, usage: Usage) -> set[str]:
    for what, pattern in _PATTERNS:
        match = pattern.search(description)
        if match is None:
            continue
        names = match.groupdict()
        if what == "arg":
            return set(usage.args.get((names["t"], names["f"], names["a"]), ()))
        if what == "field":
            return set(usage.fields.get((names["t"], names["f"]), ()))
        if what == "directive":
            return set(usage.directives.get(names["t"], ()))
        # "X was removed." is also how a removed directive is described.
        return set(usage.types.get(names["t"], ())) | set(usage.directives.get(names["t"], ()))
    # Unknown wording (a newer graphql-core?): keep the change if it names a type we use.
    words = set(re.findall(r"[_A-Za-z][_0-9A-Za-z]*", description))
    return {op for name in words & set(usage.types) for op in usage.types[name]}
