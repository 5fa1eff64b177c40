"""The records the loader produces: frozen, typed, and plain enough to cache and pickle."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Item:
    """One news item: an input file's own article, or a copy of one in a `related:` list.

    ``path`` is "" for a related copy; ``related`` is empty for one.
    """

    key: str
    url: str
    urls: tuple[str, ...]
    title: str = ""
    excerpt: str = ""
    published: str = ""
    #: The date gave a day and no time of day (``published`` is then that day's 00:00).
    day_only: bool = False
    provider_domain: str = ""
    provider_name: str = ""
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    quality: int | None = None
    heat: int | None = None
    listed: bool | None = None
    type: str = ""
    path: str = ""
    related: tuple[Item, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class FileResult:
    """What reading one file gave: an item, or the reason it was skipped; and its warnings."""

    path: str
    item: Item | None
    reason: str = ""
    warnings: tuple[str, ...] = ()
    digest: str = ""
    size: int = 0
    loaded: bool = False  # set on report entries, which drop the item to free its memory

    @property
    def status(self) -> str:
        return "loaded" if self.loaded or self.item is not None else "skipped"
