"""Whether a page's content is HTML, and whether it shows any text: cheap checks on every loaded file.

Kept apart from ``html_reader`` (trafilatura, lxml, inscriptis: about a second to import) so that ingestion and
the page reader can tell HTML from text without paying for the HTML reader on folders of text pages.
"""

from __future__ import annotations

import html as html_lib
import re

__all__ = ["crude_text", "has_visible_text", "looks_like_html"]

# A document start: doctype, <html>, <head> or <body> (an XML prolog or comments may come first).
_DOC_START_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|div|span|a|br|table|tr|td|ul|ol|li|h[1-6]|section|article|header|footer|nav|meta|link|script|"
    r"style|img|form|iframe|main|aside|figure)(?:\s[^<>]{0,500})?/?>",
    re.IGNORECASE,
)


def looks_like_html(content: str) -> bool:
    """Whether ``content`` is an HTML page, from its content alone (an extension says nothing reliable).

    True for a doctype, ``<html>``, ``<head>`` or ``<body>`` near the start, or for at least six common
    tags of three different names in the first 20,000 characters; one ``<b>`` in plain text is not HTML.
    """
    if not isinstance(content, str) or "<" not in content[:20_000]:
        return False
    if _DOC_START_RE.search(content, 0, 2_000):
        return True
    tags = [m.group(0) for _, m in zip(range(200), _BLOCK_TAG_RE.finditer(content, 0, 20_000), strict=False)]
    names = {re.match(r"</?([a-z0-9]+)", t, re.IGNORECASE).group(1).lower() for t in tags}  # type: ignore[union-attr]
    return len(tags) >= 6 and len(names) >= 3


_TAG_RE = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^<>]{0,2000}>", re.IGNORECASE | re.DOTALL)


def crude_text(html: str) -> str:
    """Tags stripped, entities decoded: the fallback when the HTML parser gives up."""
    return html_lib.unescape(_TAG_RE.sub("\n", html))


def has_visible_text(html: str) -> bool:
    """Whether an HTML page shows any text at all (tags, scripts, styles and comments stripped)."""
    return bool(crude_text(html).strip())
