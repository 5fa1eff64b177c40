"""A parsed front-matter mapping -> an Item, accepting every field shape seen in the wild.

Topics as a list or one string; provider as a mapping, a string or missing; related as a
list or one mapping with junk entries; dates as timestamps, strings, dates or epoch numbers;
numbers as strings. What cannot be used becomes a warning, never an exception.

Every kept value is bounded (titles and excerpts by --max-text-chars, the rest by the
constants below) and is text every output can write: a lone surrogate (a YAML escape such as
"\\ud800" read by the pure-Python parser) becomes U+FFFD, and a file name's undecodable
bytes are shown as \\xNN (display_path).
"""

from __future__ import annotations

import os
import re
from datetime import date

from .model import (
    ILLEGAL_XML,
    NEWS_DATES,
    UNIX_EPOCH,
    Limits,
    is_day_only,
    nfc,
    to_utc_iso,
    without_zone,
)
from .records import Item
from .urls import (
    HOSTING_SITES,
    article_key,
    is_web_url,
    site_domain,
    story_key,
    url_host,
    without_userinfo,
)

URL_FIELDS = ("webUrl", "originalUrl", "ampWebUrl", "cdnAmpWebUrl")
#: A topic, tag, provider name or domain keeps this many characters (it names a node).
LABEL_CHARS = 200
#: Topics and tags: the first this many entries of each field are read.
LABELS_KEPT = 100
#: A URL variant longer than this is dropped (a cut URL would point elsewhere).
URL_CHARS = 8192
_SPACE = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def encodable(text: str) -> bool:
    """True when ``text`` holds no lone surrogate, so UTF-8 (and every output) can hold it.
    (Encoding is C-speed; a regex scan for surrogates is several times slower.)"""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def repair_text(text: str) -> tuple[str, int]:
    """(``text`` as every output can write it, how many characters were replaced): each
    surrogate pair becomes the character it encodes, each lone surrogate U+FFFD."""
    if encodable(text):
        return text, 0
    text = _PAIR.sub(lambda m: m.group().encode("utf-16-le", "surrogatepass")
                     .decode("utf-16-le"), text)
    return _SURROGATE.subn("\ufffd", text)


def display_path(path: str) -> str:
    """A file name as every output can write it: bytes that are not UTF-8 (which Python
    keeps as lone surrogates) shown as \\xNN, and so a backslash of its own as \\\\, as
    `ls -b` shows them: a file named "bad-\\xff.md" in letters and one with the byte 0xFF
    were one path in the load report and every export."""
    if encodable(path):
        return path.replace("\\", "\\\\") if "\\" in path else path
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file system gave: not a byte it escaped
        raw = path.encode("utf-8", "surrogatepass")
    return raw.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def path_displayed_as(text: str) -> str | None:
    """The path that display_path writes as ``text`` (its \\xNN and \\\\ read back: the
    load report's caf\\xe9-report.md is the file whose name holds the byte 0xE9), or None
    when ``text`` holds no backslash or a character no file system gives."""
    if "\\" not in text:
        return None
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a surrogate no file system gave: no file's name
        return None
    return os.fsdecode(re.sub(rb"\\(\\|x([0-9a-fA-F]{2}))", lambda m: (
        bytes([int(m.group(2), 16)]) if m.group(2) else b"\\"), raw))


def clean_text(value: object, limit: int, field: str = "",
               warnings: list[str] | None = None) -> str:
    """Any scalar -> a stripped string no longer than ``limit``; containers -> "".

    With ``warnings``, a cut or a repaired character (repair_text) is reported there as
    ``field``'s."""
    if value is None:
        return ""
    if isinstance(value, (dict, list, tuple, set)):
        if warnings is not None:
            kind = "a mapping" if isinstance(value, dict) else "a list"
            warnings.append(f"{field}: expected text, got {kind}; dropped")
        return ""
    if isinstance(value, (bytes, bytearray)):  # a !!binary value: its bytes as UTF-8 text
        value = bytes(value).decode("utf-8", "replace")
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    if len(text) > limit:
        if warnings is not None:
            warnings.append(f"{field}: kept the first {limit:,} of {len(text):,} characters")
        text = text[:limit]
    if text.isascii():  # most text: skip the call
        return text
    text, repaired = repair_text(text)
    if repaired and warnings is not None:
        warnings.append(f"{field}: replaced {repaired} character(s) no output can encode "
                        "(lone surrogates) with U+FFFD")
    # One way of writing each accented letter (NFC): "Sante\u0301" and "Santé" were two
    # topics that print alike, two texts that never matched, and labels cut at the accent.
    return nfc(text)


def to_int(value: object) -> int | None:
    """An int, or an int written as a string or whole float; None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    number = None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        try:
            number = int(float(value.strip()))
        except (ValueError, OverflowError):
            return None
    # Past a 64-bit integer no output keeps it a number (SQLite, Parquet, GraphML's long):
    # one such value would turn the whole column into text.
    return number if number is not None and -(1 << 63) <= number < (1 << 63) else None


def to_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
        return value.strip().lower() in ("true", "yes")
    return None


#: What a topic or tag entry may be: text, a number, bytes (!!binary), a date.
_LABEL_TYPES = (str, int, float, bytes, bytearray, date)


def label_list(value: object, field: str, warnings: list[str]) -> tuple[str, ...]:
    """Topics or tags: a list or one string -> distinct labels (ignoring case and spacing),
    from the first LABELS_KEPT entries, each cut to LABEL_CHARS characters."""
    if value is None:
        return ()
    if isinstance(value, (str, int, float, bytes)) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list):
        warnings.append(f"{field}: expected a list or a string, got {type(value).__name__}")
        return ()
    if len(value) > LABELS_KEPT:
        warnings.append(f"{field}: kept the first {LABELS_KEPT} of {len(value):,} entries")
        value = value[:LABELS_KEPT]
    seen: dict[str, str] = {}
    cut = repaired = 0
    for entry in value:
        # Only a scalar is a label: a !!pairs or !!omap entry (a tuple) became the label
        # "('Health', 'Vaccines')" in every output, unsaid.
        if not isinstance(entry, _LABEL_TYPES) or isinstance(entry, bool):
            if entry is not None:
                warnings.append(f"{field}: dropped a {type(entry).__name__} entry")
            continue
        if isinstance(entry, (bytes, bytearray)):  # a !!binary value, read as a title's is
            entry = bytes(entry).decode("utf-8", "replace")
        label = _SPACE.sub(" ", str(entry)).strip()
        if len(label) > LABEL_CHARS:
            label, cut = label[:LABEL_CHARS].rstrip(), cut + 1
        if not label.isascii():
            label, n = repair_text(label)
            label, repaired = nfc(label), repaired + n
        if label:
            seen.setdefault(label.casefold(), label)
    if cut:
        warnings.append(f"{field}: cut {cut} label(s) to {LABEL_CHARS} characters")
    if repaired:
        warnings.append(f"{field}: replaced {repaired} character(s) no output can encode "
                        "(lone surrogates) with U+FFFD")
    return tuple(seen.values())


def _urls(mapping: dict, warnings: list[str]) -> tuple[str, tuple[str, ...]]:
    """(primary URL, every usable URL variant) from the URL fields, in priority order."""
    urls = []
    for name in URL_FIELDS:
        value = mapping.get(name)
        if isinstance(value, str) and is_web_url(value):
            value = value.strip()
            shown = without_userinfo(value)
            if shown != value:  # a password kept in every output; a host made to mislead
                warnings.append(f"{name}: a user name before its host dropped (the page is "
                                f"on {url_host(shown) or 'no host'})")
                value = shown
            if len(value) > URL_CHARS:
                warnings.append(f"{name}: dropped (longer than {URL_CHARS:,} characters)")
                continue
            if not encodable(value):
                warnings.append(f"{name}: dropped (holds characters no output can encode)")
                continue
            try:
                story_key(value)  # cached: the key is needed later anyway
            except ValueError:
                continue  # e.g. a malformed port or IPv6 host
            if value not in urls:
                urls.append(value)
    return (urls[0] if urls else ""), tuple(urls)


def _provider(value: object, url: str, warnings: list[str]) -> tuple[str, str]:
    """(domain, display name) from a mapping, a string, or the URL host."""
    name, domain = "", ""
    if isinstance(value, dict):
        name = clean_text(value.get("name"), LABEL_CHARS, "provider name", warnings)
        raw = value.get("domain")
        domain = (clean_text(raw, LABEL_CHARS, "provider domain", warnings)
                  if isinstance(raw, str) else "")
    elif isinstance(value, str):
        text = clean_text(value, LABEL_CHARS, "provider", warnings)
        if "." in text and " " not in text:
            domain = text
        else:
            name = text
    elif value is not None:
        warnings.append(f"provider: expected a mapping or a string, got {type(value).__name__}")
    if domain:  # an id: without what XML cannot hold (see graphx.model.ILLEGAL_XML)
        domain = ILLEGAL_XML.sub("", domain) if not domain.isprintable() else domain
        domain = url_host("https://" + domain.split("://")[-1].split("/")[0]) or domain.lower()
        host = url_host(url)
        if host and site_domain(host) != site_domain(domain) and (
                site_domain(host) not in HOSTING_SITES):
            # Credited as given (the aggregator's word), but said: a page of another site
            # credited to Reuters was quoted as Reuters' report.
            warnings.append(f"provider: its domain {domain} is not the site of the article's "
                            f"address ({host}); credited to {domain} as given")
    else:  # the site's domain, as the aggregator gives it (reuters.com for uk.reuters.com):
        domain = site_domain(url_host(url))  # graphx.outlets finds a platform's newsrooms
    return domain, name or domain


def item_from_mapping(
    mapping: dict, *, path: str = "", limits: Limits, _depth: int = 0
) -> tuple[Item | None, str, tuple[str, ...]]:
    """A front-matter mapping -> (Item, "", warnings) or (None, skip reason, warnings)."""
    warnings: list[str] = []
    url, urls = _urls(mapping, warnings)
    if not url:
        return None, "no usable URL (webUrl, originalUrl or ampWebUrl)", tuple(warnings)
    text_limit = limits.max_text_chars
    published = to_utc_iso(mapping.get("publishedDateTime"))
    day_only = False
    if published is None:
        raw = mapping.get("publishedDateTime")
        why = (" (a number is read as seconds since 1970, and this is no time after 1973)"
               if isinstance(raw, (int, float)) and not isinstance(raw, bool) else "")
        warnings.append(f"publishedDateTime: cannot read {raw!r:.60}{why}")
        published = ""
    elif published and not NEWS_DATES[0] <= published < NEWS_DATES[1]:
        warnings.append(f"publishedDateTime: {published[:10]} is no date a news item can have "
                        f"(before {NEWS_DATES[0][:4]} or from {NEWS_DATES[1][:4]}); read as "
                        "no date")
        published = ""
    elif published == UNIX_EPOCH:
        warnings.append(f"publishedDateTime: {published} is the Unix epoch, what systems "
                        "write for a date they do not have; read as no date")
        published = ""
    elif published and is_day_only(mapping.get("publishedDateTime")):
        day_only = True
        if _depth == 0:
            warnings.append(f"publishedDateTime: {published[:10]} gives no time of day; "
                            "it is never put before an article of that day that gives one")
    elif published and _depth == 0 and without_zone(mapping.get("publishedDateTime")):
        warnings.append(f"publishedDateTime: {mapping.get('publishedDateTime')!r:.60} gives "
                        "no time zone; read as UTC")
    domain, name = _provider(mapping.get("provider"), url, warnings)
    quality, heat = to_int(mapping.get("quality")), to_int(mapping.get("heat"))
    for field, value, number in (("quality", mapping.get("quality"), quality),
                                 ("heat", mapping.get("heat"), heat)):
        if value is not None and number is None:
            whole = isinstance(value, int) and not isinstance(value, bool)
            warnings.append(f"{field}: dropped, a number past 64 bits: {value!r:.40}" if whole
                            else f"{field}: not a whole number: {value!r:.40}")
    related = _related(mapping.get("related"), limits, warnings) if _depth == 0 else ()
    title = clean_text(mapping.get("title"), text_limit, "title", warnings)
    item = Item(
        key=article_key(url, title),
        url=url,
        urls=urls,
        title=title,
        excerpt=clean_text(mapping.get("excerpt"), text_limit, "excerpt", warnings),
        published=published,
        day_only=day_only,
        provider_domain=domain,
        provider_name=name,
        topics=label_list(mapping.get("topics"), "topics", warnings),
        tags=label_list(mapping.get("tags"), "tags", warnings),
        quality=quality,
        heat=heat,
        listed=to_bool(mapping.get("published")),
        type=clean_text(mapping.get("type"), 100, "type", warnings),
        path=display_path(path),
        related=related,
    )
    return item, "", tuple(warnings)


def _related(value: object, limits: Limits, warnings: list[str]) -> tuple[Item, ...]:
    """The `related:` list (or one mapping) -> Items; junk entries become warnings."""
    if value is None:
        return ()
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        warnings.append(f"related: expected a list, got {type(value).__name__}; dropped")
        return ()
    if len(value) > limits.max_related:
        warnings.append(f"related: kept the first {limits.max_related} of {len(value)} entries")
        value = value[: limits.max_related]
    items = []
    for i, entry in enumerate(value):
        if not isinstance(entry, dict):
            kind = "null" if entry is None else type(entry).__name__
            warnings.append(f"related[{i}]: dropped ({kind}, not a mapping)")
            continue
        item, reason, more = item_from_mapping(entry, limits=limits, _depth=1)
        if item is None:
            warnings.append(f"related[{i}]: dropped ({reason})")
            continue
        warnings.extend(f"related[{i}]: {w}" for w in more)
        items.append(item)
    return tuple(items)
