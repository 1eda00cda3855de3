"""The crawl the outside review ran: every demo user (and the public) follows every link they
are shown, in every phase of the demo, and no page answers with an error: no server error,
and no link a person is shown leads to a page they may not open or that does not exist.

Links are followed breadth-first from the front page and the person's start page, every one of
them: a fault may show only for some objects (the dossier of a joint entry failed, of a single
one not), so no view is sampled. Only a PDF is drawn once per phase, whoever reaches it first,
and the archive (the editions before the current one, and their entries), which the phases do
not touch, is crawled in one phase: the last, when the current edition has joined it.
"""

import io
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from awards.models import Edition, Entry
from evaluation.management.commands.seed_demo import CURRENT_YEAR, PHASES, seed_demo
from tests.conftest import shared_database

pytestmark = pytest.mark.django_db

PEOPLE = [
    None,  # the public
    "admin",
    "chair",
    "juror1",
    "juror2",
    "juror4",
    "expert1",
    "vaxjo",
    "sundsvall",
    "upplandsbro",
]
SKIP = ("/static/", "/media/", "/accounts/logout", "/admin/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(body: str) -> list[str]:
    parser = Links()
    parser.feed(body)
    found = []
    for href in parser.hrefs:
        href = urldefrag(href).url
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if not href.startswith(SKIP):
            found.append(href)
    return found


def untagged(pdf: bytes) -> str | None:
    """Why a PDF Juryrum drew is not an accessible document (PDF/UA: tagged, with its
    language, title and a structure tree with headings), or None if it is. Uploaded files are
    the entrants' own and not checked."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    if not root.get("/MarkInfo", {}).get("/Marked"):
        return "not tagged"
    if root.get("/Lang") not in ("sv", "en"):
        return f"language {root.get('/Lang')!r}"
    if not (reader.metadata and reader.metadata.title):
        return "no title"
    if "/StructTreeRoot" not in root:
        return "no structure tree"
    tags, stack = set(), [root["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                tags.add(str(node["/S"]))
            if "/K" in node:
                stack.append(node["/K"])
    if not tags & {"/H1", "/H2"}:
        return f"no headings in its structure ({sorted(tags)[:8]})"
    return None


# A PDF at one URL is the same document for everyone who may open it (who may is the access
# matrix's to test): drawn once per phase and process, not once per person, as drawing is the
# crawl's slowest step.
DOCUMENTS_DRAWN: dict[str, set[str]] = {}


ARCHIVE_PHASE = list(PHASES)[-1]


def archive_prefixes() -> tuple[str, ...]:
    """The beginnings of the addresses of the archive's pages: an earlier edition's pages
    for organisers, the jury and the public, and its entries'."""
    slugs = Edition.objects.exclude(year=CURRENT_YEAR).values_list("slug", flat=True)
    entries = Entry.objects.exclude(edition__year=CURRENT_YEAR).values_list("pk", flat=True)
    return (
        *(f"{root}{slug}/" for slug in slugs for root in ("/manage/", "/jury/", "/", "/editions/")),
        *(f"/entries/{pk}/" for pk in entries),
    )


def crawl(client: Client, phase: str) -> tuple[list[tuple[str, int]], set[str]]:
    """The pages that answered 4xx or 5xx (with the page that linked to them), and the pages
    opened."""
    seen, failures = set(), []
    drawn = DOCUMENTS_DRAWN.setdefault(phase, set())
    elsewhere = archive_prefixes() if phase != ARCHIVE_PHASE else ()
    queue = deque([("/", None), ("/start/", None)])
    while queue:
        url, source = queue.popleft()
        if url in seen or url in drawn or url.startswith(elsewhere):
            continue
        seen.add(url)
        if urlsplit(url).path.endswith(".pdf"):
            drawn.add(url)
        response = client.get(url)
        if response.status_code >= 400 and source is not None:
            failures.append((url, response.status_code, source))
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type == "application/pdf":
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if reason := untagged(body):
                failures.append((url, reason))
        if response.status_code == 200 and content_type.startswith("text/html"):
            queue.extend((link, url) for link in links(response.content.decode(errors="replace")))
    return failures, seen


@pytest.fixture(scope="module", params=list(PHASES))
def demo_phase(request, django_db_setup, django_db_blocker):
    with shared_database(django_db_blocker):
        seed_demo(phase=request.param)
        yield request.param


@pytest.mark.parametrize("username", PEOPLE, ids=[p or "public" for p in PEOPLE])
def test_no_page_any_demo_user_can_reach_fails(demo_phase, username):
    client = Client(raise_request_exception=False)
    if username is not None:
        client.force_login(get_user_model().objects.get(username=username))
    failures, opened = crawl(client, demo_phase)
    assert failures == [], (demo_phase, username, failures)
    assert len(opened) > 5, (demo_phase, username)  # the crawl reached past the front page
    archive = [url for url in opened if url.startswith(archive_prefixes())]
    if demo_phase == ARCHIVE_PHASE and username == "admin":
        assert len(archive) > 100, archive  # every earlier edition's pages and entries
    elif demo_phase != ARCHIVE_PHASE:
        assert archive == []
