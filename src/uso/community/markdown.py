"""Messages are written in Markdown and shown as HTML that cannot carry a script.

Two locks: markdown-it renders with raw HTML turned off (a `<script>` stays text) and refuses
`javascript:` and other dangerous link targets; then nh3 keeps only the project's allow-list of
tags and attributes (`core.html`) and links to http, https and mailto.
"""

import re

import nh3
from markdown_it import MarkdownIt

from uso.core.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

_parser = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable(
    ["linkify", "strikethrough", "table"]
)
TAGS = ALLOWED_TAGS | {"code", "pre", "hr", "s", "del"}


# "@[Anna Virtanen]" mentions a person by name (see `services.mentioned_people`).
MENTION = re.compile(r"@\[([^\[\]\n]{2,80})\]")


def mentioned_names(source: str) -> set[str]:
    return {" ".join(name.split()).casefold() for name in MENTION.findall(source or "")}


def render(source: str, mentioned: set[str] = frozenset()) -> str:
    """The message as safe HTML; the mentions of `mentioned` names shown in bold."""

    def mark(match):
        name = " ".join(match.group(1).split())
        return f"**@{name}**" if name.casefold() in mentioned else match.group(0)

    source = MENTION.sub(mark, source or "")
    return nh3.clean(
        _parser.render(source),
        tags=TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        link_rel="noopener nofollow ugc",
        url_schemes={"http", "https", "mailto"},
    )
