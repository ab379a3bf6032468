"""Messages are written in Markdown and shown as HTML that cannot carry a script.

Two locks: markdown-it renders with raw HTML turned off (a `<script>` stays text) and refuses
`javascript:` and other dangerous link targets; then nh3 keeps only the project's allow-list of
tags and attributes (`core.html`) and links to http, https and mailto.
"""

import nh3
from markdown_it import MarkdownIt

from uso.core.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

_parser = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable(
    ["linkify", "strikethrough", "table"]
)
TAGS = ALLOWED_TAGS | {"code", "pre", "hr", "s", "del"}


def render(source: str) -> str:
    return nh3.clean(
        _parser.render(source or ""),
        tags=TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        link_rel="noopener nofollow ugc",
        url_schemes={"http", "https", "mailto"},
    )
