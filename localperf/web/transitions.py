"""A path as a table of transitions: the one engine behind the agreement's sign-off
(``agreements.workflow``), the reward claim (``reward.workflow``) and the 2009/10 refresh
(``reviews.refresh_workflow``).

Each row says from which status, which action, to which status, which roles may take it,
whether the actor must say why, the event's description in the past tense, and an optional
guard (what must hold beyond role and status). A workflow declares its rows and guards;
this module answers the questions every path asks: which row is this step, may this user
take it, and if not, why not. Who holds a role *for which object* is the workflow's
business, passed in as ``acts_as``: a function from a role to whether the user acts in it
for the object at hand. The message the user reads is the workflow's too: this module
names the kind of refusal and nothing more, so it needs no Django.

A small path to show the engine (the real tables use Django's ``TextChoices``, which are
strings too):

>>> table = TransitionTable(
...     Transition("draft", "submit", "submitted", frozenset({"author"}), done="Submitted"),
...     Transition(
...         "submitted", "return", "draft", frozenset({"editor"}), comment_required=True
...     ),
...     Transition(
...         "submitted", "accept", "accepted", frozenset({"editor"}),
...         guard=lambda paper: "" if paper["pages"] <= 10 else "Cut it to ten pages.",
...     ),
... )
>>> editor = lambda role: role == "editor"
>>> [t.action for t in table.available("submitted", editor)]
['return', 'accept']
>>> table.check("draft", "accept", acts_as=editor).refusal
<Refusal.NOT_NOW: 'not_now'>
>>> table.check("draft", "submit", acts_as=editor).refusal
<Refusal.NOT_YOURS: 'not_yours'>
>>> table.check("submitted", "return", acts_as=editor, comment="  ").refusal
<Refusal.COMMENT_REQUIRED: 'comment_required'>
>>> step = table.check("submitted", "accept", acts_as=editor)
>>> step.allowed, step.transition.to_status
(True, 'accepted')
>>> step.transition.problem({"pages": 12})
'Cut it to ten pages.'
>>> refused = table.check("submitted", "accept", acts_as=editor, subject={"pages": 12})
>>> refused.refusal, refused.problem
(<Refusal.GUARD: 'guard'>, 'Cut it to ten pages.')
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

S = TypeVar("S", bound=str)  # the path's statuses
A = TypeVar("A", bound=str)  # the path's actions

# Whether the user acts in this role for the object on the path.
ActsAs = Callable[[str], bool]


@dataclass(frozen=True)
class Transition(Generic[S, A]):
    """One row of a path. A workflow that needs more per row (a milestone, the date field
    a step stamps) subclasses it with keyword-only fields."""

    from_status: S
    action: A
    to_status: S
    roles: frozenset[str]
    comment_required: bool = False
    # The event's description, in the past tense.
    done: str = ""
    # What must hold before the step, beyond role and status: the problem, or "".
    guard: Callable[[Any], str] | None = None

    def open_to(self, acts_as: ActsAs) -> bool:
        """Whether the user holds one of the row's roles (for the object at hand).

        >>> row = Transition("a", "go", "b", frozenset({"x", "y"}))
        >>> row.open_to(lambda role: role == "y"), row.open_to(lambda role: False)
        (True, False)
        """
        return any(acts_as(role) for role in sorted(self.roles))

    def problem(self, subject: Any) -> str:
        """What the guard says stands in the way of the step, or "" (no guard: nothing).

        >>> Transition("a", "go", "b", frozenset()).problem(object())
        ''
        """
        return self.guard(subject) if self.guard is not None else ""


T = TypeVar("T", bound=Transition)

# ``check`` was not given the object on the path: the guard is not asked.
UNASKED: Any = object()


class Refusal(enum.Enum):
    """Why a step cannot be taken, before any guard is asked."""

    NONE = ""
    NOT_NOW = "not_now"  # no such step from this status
    NOT_YOURS = "not_yours"  # the step is there, for other roles
    COMMENT_REQUIRED = "comment_required"  # the actor must say why
    GUARD = "guard"  # the row's guard names a problem (``Check.problem``)


@dataclass(frozen=True)
class Check(Generic[T]):
    """The answer to "may this user take this step now": the row (None when there is no
    such step from the status) and the refusal (``Refusal.NONE`` when the step is open)."""

    transition: T | None
    refusal: Refusal
    # The guard's problem, when it refused.
    problem: str = ""

    @property
    def allowed(self) -> bool:
        return self.refusal is Refusal.NONE


class TransitionTable(Generic[T]):
    """The rows of one path; at most one row per (status, action).

    >>> TransitionTable(
    ...     Transition("a", "go", "b", frozenset()), Transition("a", "go", "c", frozenset())
    ... )
    Traceback (most recent call last):
    ...
    ValueError: Two rows take “go” from “a”: a path has one row per status and action.
    """

    def __init__(self, *transitions: T) -> None:
        seen: set[tuple[str, str]] = set()
        for transition in transitions:
            key = (str(transition.from_status), str(transition.action))
            if key in seen:
                raise ValueError(
                    f"Two rows take “{key[1]}” from “{key[0]}”: a path has one row per "
                    "status and action."
                )
            seen.add(key)
        self.transitions: tuple[T, ...] = transitions

    def __iter__(self) -> Iterator[T]:
        return iter(self.transitions)

    def __len__(self) -> int:
        return len(self.transitions)

    def find(self, status: str, action: str) -> T | None:
        """The row for taking ``action`` from ``status``, or None."""
        for transition in self.transitions:
            if transition.from_status == status and transition.action == action:
                return transition
        return None

    def leaving(self, status: str) -> tuple[T, ...]:
        """Every row that leaves ``status``, in the table's order."""
        return tuple(t for t in self.transitions if t.from_status == status)

    def roles_for(self, action: str) -> frozenset[str]:
        """Every role that takes ``action`` from some status."""
        return frozenset(r for t in self.transitions if t.action == action for r in t.roles)

    def could_take(self, action: str, acts_as: ActsAs) -> bool:
        """Whether the user takes ``action`` from *some* status: a refusal then says "not
        now", not "not yours"."""
        return any(acts_as(role) for role in sorted(self.roles_for(action)))

    def may(self, status: str, action: str, acts_as: ActsAs) -> bool:
        """The table plus the relation: the step exists from ``status`` and the user holds
        one of its roles."""
        transition = self.find(status, action)
        return transition is not None and transition.open_to(acts_as)

    def available(self, status: str, acts_as: ActsAs) -> tuple[T, ...]:
        """The steps the user may take from ``status``."""
        return tuple(t for t in self.leaving(status) if t.open_to(acts_as))

    def check(
        self,
        status: str,
        action: str,
        *,
        acts_as: ActsAs,
        comment: str | None = None,
        subject: Any = UNASKED,
    ) -> Check[T]:
        """May the user take ``action`` from ``status``: first whether the step exists,
        then whether it is theirs, then (when ``comment`` is given) whether they said why,
        then (when ``subject`` is given) whether the row's guard lets it pass. A caller
        that must ask the guard under its lock leaves ``subject`` out and asks
        ``Transition.problem`` itself."""
        transition = self.find(status, action)
        if transition is None:
            return Check(None, Refusal.NOT_NOW)
        if not transition.open_to(acts_as):
            return Check(transition, Refusal.NOT_YOURS)
        if comment is not None and transition.comment_required and not comment.strip():
            return Check(transition, Refusal.COMMENT_REQUIRED)
        if subject is not UNASKED:
            problem = transition.problem(subject)
            if problem:
                return Check(transition, Refusal.GUARD, problem)
        return Check(transition, Refusal.NONE)
