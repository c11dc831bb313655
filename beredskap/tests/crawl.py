"""The crawler behind `test_crawl.py`: a breadth-first walk of a signed-in user's site in
Chromium at phone width, naming every problem with its URL.

Each distinct URL pattern (the Django route plus the names of its query parameters) is
rendered and checked at most `RENDER_PER_PATTERN` times; further links to the same pattern
are only requested, so that a table of 290 municipality links still proves none is a dead
end without rendering 290 pages.
"""

from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urldefrag, urlsplit

from django.urls import Resolver404, resolve

from .browser import axe_violations

WIDTH = 375
RENDER_PER_PATTERN = 2
REQUEST_PER_PATTERN = 6
MAX_RENDERED = 90

#: Paths never followed: signing out ends the walk, the admin is Django's own, and the
#: machine doors answer JSON or files (the API docs page is crawled: it is linked HTML).
SKIPPED_PREFIXES = ("/accounts/logout/", "/admin/", "/kolada/v3/", "/i18n/")
FILE_SUFFIXES = (".csv", ".xlsx", ".pdf", ".json", ".zip", ".geojson", ".xml", ".txt", ".ics")

LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.href)"""
OVERFLOW = "document.documentElement.scrollWidth"


@dataclass
class Crawl:
    """The walk's state: what is queued, what was seen per pattern, and what went wrong."""

    origin: str
    queue: deque = field(default_factory=deque)
    seen: set = field(default_factory=set)
    rendered: Counter = field(default_factory=Counter)
    requested: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)
    pages: list = field(default_factory=list)

    def report(self) -> str:
        lines = [f"  {url}: {problem}" for url, problem in self.problems]
        return f"{len(self.problems)} problem(s) on {len(self.pages)} pages:\n" + "\n".join(lines)


def pattern(path: str, query: str) -> str:
    """The route of `path` and the names of its query parameters, e.g. `results/<int:year>/?county`."""
    try:
        route = resolve(path).route
    except Resolver404:
        route = path
    names = sorted({name for name, _value in parse_qsl(query, keep_blank_values=True)})
    return route + ("?" + "&".join(names) if names else "")


def followed(crawl: Crawl, href: str) -> str | None:
    """The same-site page `href` points to, without its fragment, or None to skip it."""
    url, _fragment = urldefrag(href)
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != crawl.origin:
        return None
    if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(FILE_SUFFIXES):
        return None
    if "/api/v1/" in parts.path and not parts.path.rstrip("/").endswith("docs"):
        return None
    return url


def walk(page, origin: str, start: str = "/") -> Crawl:
    """Crawl from `start`; every problem is collected, none stops the walk."""
    page.set_viewport_size({"width": WIDTH, "height": 800})
    crawl = Crawl(origin=origin)
    crawl.queue.append((origin + start, "(start)"))
    crawl.seen.add(origin + start)
    while crawl.queue and len(crawl.pages) < MAX_RENDERED:
        url, source = crawl.queue.popleft()
        parts = urlsplit(url)
        key = pattern(parts.path, parts.query)
        if crawl.rendered[key] < RENDER_PER_PATTERN:
            crawl.rendered[key] += 1
            _visit(page, crawl, url, source)
        elif crawl.requested[key] < REQUEST_PER_PATTERN:
            crawl.requested[key] += 1
            _request(page, crawl, url, source)
    return crawl


def _status_problem(status: int, source: str) -> str | None:
    if status in (403, 404) or status >= 500:
        return f"answered {status} (linked from {source})"
    return None


def _request(page, crawl: Crawl, url: str, source: str) -> None:
    response = page.request.get(url, max_redirects=5)
    if problem := _status_problem(response.status, source):
        crawl.problems.append((url, problem))


def _visit(page, crawl: Crawl, url: str, source: str) -> None:
    page.errors.clear()
    try:
        response = page.goto(url, wait_until="load")
    except Exception as error:  # a download or a navigation failure: both are findings
        if "Download is starting" not in str(error):
            crawl.problems.append((url, f"did not load: {error} (linked from {source})"))
        return
    crawl.pages.append(url)
    if problem := _status_problem(response.status, source):
        crawl.problems.append((url, problem))
        return
    if "text/html" not in response.headers.get("content-type", ""):
        return
    _check_page(page, crawl, url)
    for href in page.evaluate(LINKS):
        target = followed(crawl, href)
        if target and target not in crawl.seen:
            crawl.seen.add(target)
            crawl.queue.append((target, url))


def _check_page(page, crawl: Crawl, url: str) -> None:
    width = page.evaluate(OVERFLOW)
    if width > WIDTH:
        crawl.problems.append((url, f"scrolls sideways at {WIDTH} px: page is {width} px wide"))
    for violation in axe_violations(page):
        crawl.problems.append((url, f"axe: {violation}"))
    for message in page.errors:
        crawl.problems.append((url, f"console: {message}"))
