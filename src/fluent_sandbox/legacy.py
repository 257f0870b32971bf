"""Legacy Fluent SDL tolerance, self-contained (the sandbox imports nothing from the library).

Older Fluent servers print interface lists joined by commas or spaces
(`type Article implements Node, Orchestrateable {`), which graphql-core 3 refuses: it wants
`Node & Orchestrateable`. `modernize_sdl` rewrites those lists on graphql-core's own token
stream, so comments and strings are never mistaken for syntax, and keeps every token on its
line. `#` descriptions are left alone: they are comments, which every parser skips.
Modern SDL comes back unchanged.
"""

from __future__ import annotations

from graphql import GraphQLSchema, Source, build_ast_schema, parse
from graphql.language import Lexer, Token, TokenKind

__all__ = ["build_legacy_schema", "modernize_sdl"]

_DEFINES_INTERFACES = frozenset({"type", "interface"})
_KEYWORDS = frozenset({"type", "interface", "union", "enum", "input", "scalar", "schema", "directive", "extend"})


def _tokens(source: Source) -> list[Token]:
    lexer = Lexer(source)
    tokens: list[Token] = []
    while True:
        token = lexer.advance()  # comments are skipped; commas are insignificant to the lexer
        if token.kind == TokenKind.EOF:
            return tokens
        tokens.append(token)


def _insertions(tokens: list[Token]) -> list[tuple[int, int]]:
    """Spans `(gap_start, name_start)` before each interface name that lacks a leading `&`."""
    spans: list[tuple[int, int]] = []
    for i, token in enumerate(tokens):
        if not (
            token.kind == TokenKind.NAME
            and token.value == "implements"
            and i >= 2
            and tokens[i - 1].kind == TokenKind.NAME
            and tokens[i - 2].value in _DEFINES_INTERFACES
        ):
            continue
        names = 0
        previous = token
        for current in tokens[i + 1 :]:
            if current.kind == TokenKind.AMP:
                previous = current
                continue
            if current.kind != TokenKind.NAME or (names and current.value in _KEYWORDS):
                break
            if names and previous.kind != TokenKind.AMP:
                spans.append((previous.end, current.start))
            names += 1
            previous = current
    return spans


def modernize_sdl(text: str) -> str:
    """`text` with legacy `implements A, B` / `implements A B` lists rewritten to `A & B`."""
    tokens = _tokens(Source(text))
    pieces: list[str] = []
    last = 0
    for gap_start, name_start in _insertions(tokens):
        gap = text[gap_start:name_start].replace(",", "")
        pieces.append(text[last:gap_start])
        pieces.append((gap or " ") + "& ")
        last = name_start
    pieces.append(text[last:])
    return "".join(pieces)


def build_legacy_schema(text: str, *, source: str = "schema.graphql") -> GraphQLSchema:
    """Build (and validate) a schema from modern or legacy SDL; errors name `source`."""
    document = parse(Source(modernize_sdl(text), source))
    return build_ast_schema(document)
