"""Token-level rewrites of legacy SDL (see :mod:`.normalize`).

Every rewrite is an :class:`Edit` of the input text chosen by walking graphql-core's own
token stream (comments included), so strings and comments are never mistaken for syntax.
Edits never add or remove a line break.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from graphql.language import Lexer, Source, Token, TokenKind

__all__ = ["Edit", "apply_edits", "description_edits", "implements_edits", "original_offset", "tokenize"]

_DEFINITION_KEYWORDS = frozenset(
    {"schema", "scalar", "type", "interface", "union", "enum", "input", "directive", "extend"}
)
_STRINGS = (TokenKind.STRING, TokenKind.BLOCK_STRING)


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` of the input with ``text``."""

    start: int
    end: int
    text: str


def tokenize(source: Source) -> list[Token]:
    """All tokens, comments included, between <SOF> and <EOF> (exclusive)."""
    lexer = Lexer(source)
    start = lexer.token
    while lexer.advance().kind != TokenKind.EOF:
        pass
    tokens: list[Token] = []
    token = start.next
    while token is not None and token.kind != TokenKind.EOF:
        tokens.append(token)
        token = token.next
    return tokens


def implements_edits(tokens: list[Token], text: str) -> list[Edit]:
    """Join ``implements A, B`` / ``implements A B`` lists with ``&``, keeping offsets."""
    edits: list[Edit] = []
    significant = [t for t in tokens if t.kind != TokenKind.COMMENT]
    for index, token in enumerate(significant):
        if token.kind != TokenKind.NAME or token.value != "implements":
            continue
        previous: Token | None = None
        for following in significant[index + 1 :]:
            if following.kind == TokenKind.AMP:
                previous = None
                continue
            if following.kind != TokenKind.NAME or following.value in _DEFINITION_KEYWORDS:
                break
            if previous is not None:
                edits.append(_join_with_amp(text, previous.end, following.start))
            previous = following
    return edits


def _join_with_amp(text: str, start: int, end: int) -> Edit:
    gap = text[start:end]
    comma = gap.find(",")
    if comma >= 0:
        left = "" if comma > 0 and gap[comma - 1].isspace() else " "
        right = "" if comma + 1 < len(gap) and gap[comma + 1].isspace() else " "
        return Edit(start + comma, start + comma + 1, f"{left}&{right}")
    space = gap.rfind(" ")
    if space >= 0:
        return Edit(start + space, start + space + 1, " & ")
    return Edit(end, end, "& ")


def description_edits(tokens: list[Token], text: str) -> list[Edit]:
    """Turn ``#`` comment blocks directly above a describable element into descriptions."""
    edits: list[Edit] = []
    significant = [t for t in tokens if t.kind != TokenKind.COMMENT]
    position = {id(t): i for i, t in enumerate(significant)}
    stack: list[str] = []  # contexts: "fields", "args", "enum", "value"
    kind = ""  # kind of the current top-level definition
    group: list[Token] = []
    for token in tokens:
        if token.kind == TokenKind.COMMENT:
            leading = not text[text.rfind("\n", 0, token.start) + 1 : token.start].strip()
            if leading and group and group[-1].line == token.line - 1:
                group.append(token)
            else:
                group = [token] if leading else []
            continue
        i = position[id(token)]
        prev = significant[i - 1] if i > 0 else None
        nxt = significant[i + 1] if i + 1 < len(significant) else None
        adjacent = bool(group) and group[-1].line == token.line - 1
        if adjacent and _describable(token, prev, nxt, stack, significant, i):
            edit = _description(group, text)
            if edit is not None:
                edits.append(edit)
        group = []
        if not stack and token.kind == TokenKind.NAME and _names_definition_kind(token, prev):
            kind = str(token.value)
        if token.kind == TokenKind.BRACE_L:
            if stack:
                stack.append("value")
            else:
                stack.append({"enum": "enum", "schema": "value"}.get(kind, "fields"))
        elif token.kind == TokenKind.PAREN_L:
            stack.append(_paren_context(stack, kind, significant, i))
        elif token.kind == TokenKind.BRACKET_L:
            stack.append("value")
        elif token.kind in (TokenKind.BRACE_R, TokenKind.PAREN_R, TokenKind.BRACKET_R) and stack:
            stack.pop()
    return edits


def _names_definition_kind(token: Token, prev: Token | None) -> bool:
    """Whether ``token`` names the kind of a top-level definition (``type``, ``enum``, ...)."""
    if prev is not None and prev.kind == TokenKind.NAME and prev.value == "extend":
        return True
    return _starts_definition(token, prev)


def _starts_definition(token: Token, prev: Token | None) -> bool:
    if token.value not in _DEFINITION_KEYWORDS:
        return False
    if prev is None:
        return True
    if prev.kind in (TokenKind.EQUALS, TokenKind.PIPE, TokenKind.AMP, TokenKind.AT):
        return False
    if prev.kind == TokenKind.COLON:
        return False
    return not (prev.kind == TokenKind.NAME and prev.value in ("implements", "on", "extend"))


def _paren_context(stack: list[str], kind: str, significant: list[Token], i: int) -> str:
    name = significant[i - 1] if i > 0 else None
    before = significant[i - 2] if i > 1 else None
    is_directive_use = before is not None and before.kind == TokenKind.AT
    if stack and stack[-1] == "fields" and not is_directive_use:
        return "args"
    if not stack and kind == "directive" and is_directive_use:
        # ``directive @name(`` declares arguments; ``@name(`` elsewhere passes values.
        keyword = significant[i - 3] if i > 2 else None
        if keyword is not None and keyword.value == "directive" and name is not None:
            return "args"
    return "value"


def _describable(
    token: Token,
    prev: Token | None,
    nxt: Token | None,
    stack: list[str],
    significant: list[Token],
    i: int,
) -> bool:
    if token.kind != TokenKind.NAME:
        return False
    if prev is not None and prev.kind in _STRINGS:
        before = significant[i - 2] if i > 1 else None
        if before is None or before.kind not in (TokenKind.EQUALS, TokenKind.COLON):
            return False  # already has a description
    if not stack:
        return _starts_definition(token, prev) and token.value != "extend"
    context = stack[-1]
    if prev is not None and prev.kind == TokenKind.AT:
        return False
    if context in ("fields", "args"):
        return nxt is not None and nxt.kind in (TokenKind.COLON, TokenKind.PAREN_L)
    return context == "enum"


def _description(group: list[Token], text: str) -> Edit | None:
    values = [str(comment.value).rstrip() for comment in group]
    if not any(v.strip() for v in values):
        return None
    indent = min(len(v) - len(v.lstrip()) for v in values if v.strip())
    lines = [v[indent:] for v in values]
    lines[0] = lines[0].lstrip()
    continuation = [line for line in lines[1:] if line.strip()]
    if lines[-1].endswith('"') or (continuation and all(line[0] == " " for line in continuation)):
        # A block string would lose this text (its first line does not count towards the
        # common indentation, and it cannot end in a quote): use an escaped one-line string
        # and keep the line count with blank lines.
        value = "\n".join(lines).strip("\n")
        return Edit(group[0].start, group[-1].end, json.dumps(value, ensure_ascii=False) + "\n" * (len(group) - 1))
    parts = ['"""' + lines[0].replace('"""', '\\"""')]
    for comment, line in zip(group[1:], lines[1:], strict=True):
        line_start = text.rfind("\n", 0, comment.start) + 1
        parts.append(text[line_start : comment.start] + line.replace('"""', '\\"""'))
    return Edit(group[0].start, group[-1].end, "\n".join(parts) + '"""')


def apply_edits(text: str, edits: list[Edit]) -> str:
    pieces: list[str] = []
    cursor = 0
    for edit in edits:
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.text)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def original_offset(offset: int, edits: list[Edit]) -> int:
    """Map an offset in the rewritten text back to the input text."""
    shift = 0
    for edit in edits:
        new_start = edit.start + shift
        new_end = new_start + len(edit.text)
        if offset < new_start:
            break
        if offset < new_end:
            return edit.start
        shift += len(edit.text) - (edit.end - edit.start)
    return offset - shift
