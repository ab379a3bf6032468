"""Sanitising HTML that users write: one allow-list for the whole project."""

import nh3

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitize_html(value: str) -> str:
    return nh3.clean(value, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener")


# Articles may also show images from an address the author gives, with their alternative text.
ARTICLE_TAGS = ALLOWED_TAGS | {"img", "figure", "figcaption", "hr"}
ARTICLE_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "img": {"src", "alt", "width", "height"}}


def sanitize_article_html(value: str) -> str:
    return nh3.clean(
        value,
        tags=ARTICLE_TAGS,
        attributes=ARTICLE_ATTRIBUTES,
        link_rel="noopener",
        url_schemes={"https", "http", "mailto"},
    )
