"""Our operations (``queries/*.graphql``): loading, per-operation documents, schema usage."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLNamedType,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    Node,
    OperationDefinitionNode,
    Source,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    parse,
    visit,
)
from graphql.language import ArgumentNode, ObjectFieldNode, VariableDefinitionNode
from graphql.utilities import type_from_ast

from .errors import OperationsError

__all__ = ["GRAPHQL_SUFFIXES", "Operation", "OperationSet", "Usage", "load_operations"]

GRAPHQL_SUFFIXES = (".graphql", ".graphqls", ".gql")


@dataclass(frozen=True)
class Operation:
    """One named operation plus every fragment it reaches (transitively)."""

    name: str
    path: Path
    document: DocumentNode
    fragment_names: tuple[str, ...]


@dataclass
class OperationSet:
    """Every operation in a directory; ``problems`` maps a name to errors found while loading."""

    operations: list[Operation] = field(default_factory=list)
    fragments: dict[str, FragmentDefinitionNode] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)


def load_operations(queries_dir: str | os.PathLike[str]) -> OperationSet:
    """Parse every GraphQL file in ``queries_dir``; build one document per operation.

    Fragments may live in any file (ours are in ``fragments.graphql``); each operation's
    document holds the operation and only the fragments it uses, so a validation error is
    charged to the operations that reach it. Syntax errors are kept in ``problems`` under the
    file's name rather than raised, so one bad file does not hide the others.
    """
    queries_dir = Path(queries_dir)
    if not queries_dir.is_dir():
        raise OperationsError(f"operations directory not found: {queries_dir}")
    result = OperationSet()
    found: list[tuple[OperationDefinitionNode, Path]] = []
    for path in sorted(p for p in queries_dir.rglob("*") if p.suffix in GRAPHQL_SUFFIXES):
        display = _display(path, queries_dir)
        try:
            document = parse(Source(path.read_text(encoding="utf-8"), display))
        except GraphQLSyntaxError as error:
            result.problems.setdefault(path.name, []).append(format_error(error))
            continue
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                name = definition.name.value
                if name in result.fragments:
                    result.problems.setdefault(name, []).append(
                        f"{_where(definition)}: fragment {name} is defined more than once"
                    )
                result.fragments[name] = definition
            elif isinstance(definition, OperationDefinitionNode):
                found.append((definition, path))
    seen: dict[str, Path] = {}
    for definition, path in found:
        name = definition.name.value if definition.name else path.stem
        if name in seen:
            result.problems.setdefault(name, []).append(
                f"{_where(definition)}: operation {name} is also defined in {seen[name].name}"
            )
            continue
        seen[name] = path
        used = _reachable_fragments(definition, result.fragments)
        document = DocumentNode(definitions=(definition, *(result.fragments[n] for n in used)))
        result.operations.append(Operation(name, path, document, tuple(used)))
    if not result.operations and not result.problems:
        raise OperationsError(f"no operations found in {queries_dir}")
    return result


def _display(path: Path, queries_dir: Path) -> str:
    try:
        return str(path.relative_to(queries_dir.parent))
    except ValueError:  # pragma: no cover - rglob results are always inside queries_dir
        return str(path)


def _reachable_fragments(root: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]) -> list[str]:
    used: list[str] = []
    pending: list[Node] = [root]
    while pending:
        collector = _SpreadCollector()
        visit(pending.pop(), collector)
        for name in collector.names:
            if name not in used and name in fragments:
                used.append(name)
                pending.append(fragments[name])
    return used


class _SpreadCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
        self.names.append(node.name.value)


def format_error(error: GraphQLError) -> str:
    """``file:line:col: message`` for each node of a GraphQL error (file per node)."""
    places: list[str] = []
    for node in error.nodes or ():
        if node.loc is not None:
            loc = node.loc.source.get_location(node.loc.start)
            places.append(f"{node.loc.source.name}:{loc.line}:{loc.column}")
    if not places and error.source is not None and error.locations:
        places = [f"{error.source.name}:{loc.line}:{loc.column}" for loc in error.locations]
    return f"{', '.join(places)}: {error.message}" if places else error.message


def _where(node: Node) -> str:
    if node.loc is None:  # pragma: no cover - parsed nodes always carry locations
        return "?"
    loc = node.loc.source.get_location(node.loc.start)
    return f"{node.loc.source.name}:{loc.line}:{loc.column}"


@dataclass
class Usage:
    """What our operations touch in a schema, each entry mapped to the operation names.

    ``fields`` holds output fields *and* input-object fields as ``(type, field)``; ``args``
    holds ``(type, field, argument)``. Input types reached through variables count in full,
    recursively, since the caller may set any of their fields.
    """

    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    fields: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    args: dict[tuple[str, str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    directives: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, schema: GraphQLSchema, operations: list[Operation]) -> Usage:
        usage = cls()
        for operation in operations:
            usage.add(schema, operation)
        return usage

    def add(self, schema: GraphQLSchema, operation: Operation) -> None:
        type_info = TypeInfo(schema)
        visitor = _UsageVisitor(self, type_info, schema, operation.name)
        visit(operation.document, TypeInfoVisitor(type_info, visitor))

    def add_type(self, named: GraphQLNamedType | None, op: str) -> None:
        if named is None or op in self.types[named.name]:
            return
        self.types[named.name].add(op)
        if isinstance(named, GraphQLInputObjectType):
            for name, input_field in named.fields.items():
                self.fields[(named.name, name)].add(op)
                self.add_type(get_named_type(input_field.type), op)


class _UsageVisitor(Visitor):
    def __init__(self, usage: Usage, info: TypeInfo, schema: GraphQLSchema, op: str) -> None:
        super().__init__()
        self.usage, self.info, self.schema, self.op = usage, info, schema, op

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent, definition = self.info.get_parent_type(), self.info.get_field_def()
        if parent is None or definition is None:
            return
        self.usage.types[parent.name].add(self.op)
        self.usage.fields[(parent.name, node.name.value)].add(self.op)
        self.usage.types[get_named_type(definition.type).name].add(self.op)

    def enter_argument(self, node: ArgumentNode, _key: Any, _parent: Any, _path: Any, ancestors: Any) -> None:
        argument = self.info.get_argument()
        if argument is None:
            return
        self.usage.add_type(get_named_type(argument.type), self.op)
        owner = ancestors[-1] if ancestors else None
        parent = self.info.get_parent_type()
        if isinstance(owner, FieldNode) and parent is not None:
            key = (parent.name, owner.name.value, node.name.value)
            self.usage.args[key].add(self.op)

    def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        parent = get_named_type(self.info.get_parent_input_type())
        if isinstance(parent, GraphQLInputObjectType):
            self.usage.fields[(parent.name, node.name.value)].add(self.op)

    def enter_variable_definition(self, node: VariableDefinitionNode, *_: Any) -> None:
        self.usage.add_type(get_named_type(type_from_ast(self.schema, node.type)), self.op)

    def enter_inline_fragment(self, node: InlineFragmentNode, *_: Any) -> None:
        if node.type_condition is not None:
            self.usage.types[node.type_condition.name.value].add(self.op)

    def enter_fragment_definition(self, node: FragmentDefinitionNode, *_: Any) -> None:
        self.usage.types[node.type_condition.name.value].add(self.op)

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        self.usage.directives[node.name.value].add(self.op)
