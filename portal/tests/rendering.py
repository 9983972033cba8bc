"""Catch the queries that run while a template renders (issue 15).

Every query of a page belongs in its view (or in a QuerySet method the view calls): a query
run from inside a template — a lazy queryset first iterated in a ``{% for %}``, an inclusion
tag that builds querysets, a related object first read as ``{{ row.unit.name }}``, a lazy
``request.user`` first evaluated by ``{% if user.is_authenticated %}`` — is invisible in the
view and multiplies with the rows.

What counts as rendering: the nodes of a template (``django.template.base.Template._render``),
which includes every ``{% extends %}``, ``{% include %}`` and inclusion tag below it. The
context processors run just before (``RequestContext.bind_template``), once per page; they are
the view's part of the page and must compute their values there, eagerly, not hand the
template a lazy object (notices.context_processors).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.template.base import Node, Template


@dataclass
class RenderQueries:
    """The queries run while a template was rendering: (template name, SQL)."""

    queries: list[tuple[str, str]] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)
    nodes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.queries)

    def report(self) -> str:
        return "\n".join(f"  in {name}: {sql[:300]}" for name, sql in self.queries)


@contextmanager
def queries_while_rendering() -> Iterator[RenderQueries]:
    """Record every query run while any template's nodes render, with the template and line
    of the innermost node rendering at the time."""
    found = RenderQueries()
    original = Template._render  # the test runner's instrumented _render, if installed
    original_node = Node.render_annotated

    def render_annotated(self, context):
        origin = getattr(self, "origin", None)
        token = getattr(self, "token", None)
        name = getattr(origin, "template_name", None) or "?"
        found.nodes.append(f"{name}:{getattr(token, 'lineno', '?')}")
        try:
            return original_node(self, context)
        finally:
            found.nodes.pop()

    def _render(self, context):
        found.stack.append(self.name or "<string>")
        try:
            return original(self, context)
        finally:
            found.stack.pop()

    def wrapper(execute, sql, params, many, context):
        if found.stack:
            found.queries.append((found.nodes[-1] if found.nodes else found.stack[-1], sql))
        return execute(sql, params, many, context)

    Template._render = _render
    Node.render_annotated = render_annotated
    try:
        with connection.execute_wrapper(wrapper):
            yield found
    finally:
        Template._render = original
        Node.render_annotated = original_node
