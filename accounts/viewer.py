"""The viewer: what one request has already asked the database about the person making it.

A page asks the same question of the rules many times (is this person a contact of the entry,
what is their seat on the edition's jury) while it checks several permissions and then shows
the answer. Each question is asked once per request and kept here, in one object that lives as
long as the request, rather than written into the model instances it happens to be about.

`ViewerMiddleware` opens a viewer for each request's person; `viewing(user)` opens one anywhere
else (a task, a command, a test). Outside both, `viewer_of(user)` hands out a viewer that keeps
nothing, so code that runs outside a request always reads the database afresh. A service that
changes what a kept answer depends on says so with `forget_answers(question)`.
"""

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any


class Viewer:
    def __init__(self, user, *, keep: bool = True):
        self.user = user
        self.keep = keep
        self._answers: dict[str, dict[Hashable, Any]] = {}

    def is_for(self, user) -> bool:
        return self.keep and user.is_authenticated and self.user.pk == user.pk

    def answer(self, question: str, about: Hashable, ask: Callable[[], Any]) -> Any:
        """The kept answer to `question` about `about`, asked with `ask()` the first time."""
        if not self.keep:
            return ask()
        known = self._answers.setdefault(question, {})
        if about not in known:
            known[about] = ask()
        return known[about]

    def remember(self, question: str, about: Hashable, value: Any) -> None:
        """An answer learned on the way (read with the object it is about)."""
        if self.keep:
            self._answers.setdefault(question, {})[about] = value

    def forget(self, question: str) -> None:
        self._answers.pop(question, None)


_current: ContextVar[Viewer | None] = ContextVar("viewer", default=None)


def viewer_of(user) -> Viewer:
    """The viewer open for `user`, or one that keeps nothing (another person, or no request)."""
    current = _current.get()
    if current is not None and current.is_for(user):
        return current
    return Viewer(user, keep=False)


def forget_answers(question: str) -> None:
    """After a change to what `question` depends on: the open viewer asks it again."""
    current = _current.get()
    if current is not None:
        current.forget(question)


@contextmanager
def viewing(user):
    """Keep the answers about `user` for the length of the block, as a request does."""
    viewer = Viewer(user)
    token = _current.set(viewer)
    try:
        yield viewer
    finally:
        _current.reset(token)


class ViewerMiddleware:
    """One viewer per request, for the person making it; the rules reach it through
    viewer_of(request.user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with viewing(request.user):
            return self.get_response(request)
