"""English words in a Swedish page's visible text: a msgid without a translation, an
untranslated Django default ("- Select an option -") or text written in the template instead
of through gettext. Words that are also Swedish ("is", "not", "by", "from", "option") are not
listed, so Swedish text never trips it; text marked with another language (`lang="en"`, as the
language switcher's "English") is skipped."""

import re
from html.parser import HTMLParser

ENGLISH_ONLY = frozenset(
    [
        "the",
        "and",
        "with",
        "your",
        "you",
        "are",
        "this",
        "that",
        "these",
        "those",
        "of",
        "for",
        "has",
        "have",
        "will",
        "been",
        "which",
        "what",
        "who",
        "when",
        "where",
        "there",
        "their",
        "they",
        "our",
        "can",
        "please",
        "save",
        "submit",
        "edit",
        "delete",
        "entry",
        "entries",
        "select",
        "download",
        "upload",
        "sign",
        "details",
        "back",
        "next",
        "previous",
        "should",
        "would",
        "could",
        "about",
        "after",
        "before",
        "than",
        "then",
        "into",
        "only",
        "also",
        "any",
        "each",
        "every",
        "more",
        "most",
        "other",
        "such",
        "some",
        "them",
        "were",
    ]
)
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.parts: list[str] = []

    def skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        skipped = tag in ("script", "style", "template") or (
            lang is not None and not lang.startswith("sv")
        )
        if not self.skipping():
            for name in ("aria-label", "placeholder", "alt", "title"):
                if attrs.get(name):
                    self.parts.append(attrs[name])
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.skipping():
            self.parts.append(data)


def english_in(html: str) -> list[str]:
    """The English-only words in the page's visible text (and its labels), with a little of
    their context, in order."""
    parser = _VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    found = []
    # Whole words only, and not in capitals: a secret key ("WYF5 T2OF") or a code is no text.
    for match in re.finditer(r"(?<![A-Za-z0-9])[A-Za-z]+(?![A-Za-z0-9])", text):
        word = match.group()
        if not word.isupper() and word.lower() in ENGLISH_ONLY:
            found.append(text[max(0, match.start() - 30) : match.end() + 30].strip())
    return found
