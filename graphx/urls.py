"""Story keys: one URL in, one canonical key out, so every variant of a story is one node.

The key drops what does not name a different story: the scheme, host case and the
``www.``/``m.``/``amp.`` host prefixes, default ports, fragments, trailing slashes,
tracking parameters, and every AMP form (the cdn.ampproject.org ``/c/s/`` and ``/c/``
wrappers, Google's AMP viewer ``google.com/amp/s/``, ``/amp/`` path segments, ``.amp.html``,
``_amp.shtml`` and ``.amp`` endings, ``?outputType=amp``, ``?amp=1``). What is left is
``host/path?sorted-query``: readable and stable.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode

from .model import ILLEGAL_XML

_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_DEFAULT_PORTS = {"http": "80", "https": "443"}

# Parameters that say how a reader arrived, not what they read. Only names no site uses for
# its articles' ids: dropping one that is would make two stories one, where keeping a
# tracking one only leaves a URL form its own node. So ``cid`` and ``ref`` are dropped only
# when they are no number (``cid=NL_weekly_0826``, ``ref=twitter`` say how one arrived,
# ``cid=1001`` is an article on some sites).
_TRACKING_EXACT = frozenset(
    """fbclid gclid dclid msclkid yclid ocid cmpid cmp mc_cid mc_eid _ga _gl igshid smid
    soc_src soc_trk mkt_tok spm ito __twitter_impression ref_src ref_url rss share
    at_medium at_campaign at_custom1 at_custom2 at_custom3 at_custom4 xtor icid sr_share
    _hsenc _hsmi wt.mc_id ns_mchannel ns_source ns_campaign ns_linkname ns_fee ftag
    intcmp src_trk dicbo __s taid referringsource trk trkinfo dcmp srnd pgtype
    guccounter guce_referrer guce_referrer_sig mibextid""".split()
)
#: A site's own placement and share parameters, names that elsewhere may name an article
#: (``action``, ``t``): dropped on that site alone.
_SITE_TRACKING = {
    # ... and its gift links' and newsletters' (unlocked_article_code, campaign_id, emc, nl...)
    "nytimes.com": frozenset("action module region contentcollection contentplacement "
                             "version state unlocked_article_code campaign_id emc instance_id "
                             "nl regi_id segment_id te user_id ugrp".split()),
    "youtube.com": frozenset("feature t si ab_channel pp".split()),
    "twitter.com": frozenset("s t ref_src".split()),
    "x.com": frozenset("s t ref_src".split()),
}
_AMP_PARAMS = {
    "amp": {"", "1", "true", "yes"},
    "_amp": {"", "1", "true"},
    "outputtype": {"amp"},
    "output": {"amp"},
    "template": {"amp", "amphtml"},
    "amp_js_v": None,  # any value
    "usqp": None,
}
_AMP_CDN = re.compile(
    r"^[^/]+\.cdn\.ampproject\.org$|^cdn\.ampproject\.org$", re.IGNORECASE
)
# /c/s/host/path (https), /c/host/path (http); /v/ (viewer) and /i/ (images) alike.
_AMP_CDN_PATH = re.compile(r"^/(?:c|v|i)/(s/)?([^/]+)(/.*)?$", re.IGNORECASE)
# Google's AMP viewer: google.com/amp/s/host/path (https), /amp/host/path (http), on any of
# Google's country domains (google.co.uk, google.com.au).
_GOOGLE_AMP = re.compile(r"^(?:www\.)?google\.(?:com|com\.[a-z]{2}|co\.[a-z]{2}|[a-z]{2})$",
                         re.IGNORECASE)  # Google's own domains, not google.top
_GOOGLE_AMP_PATH = re.compile(r"^/amp/(s/)?([^/]+\.[^/]+)(/.*)?$", re.IGNORECASE)
_AMP_SEGMENT = re.compile(r"/(?:amp|amphtml|google-amp)(?=/|$)", re.IGNORECASE)
#: A page's AMP twin by its ending: ".amp.html", and Corriere's and the RCS sites'
#: "_amp.shtml" (a phone's share link), for the page's ".html" or ".shtml".
_AMP_ENDING = re.compile(r"[._]amp(\.s?html?)$", re.IGNORECASE)


# Scheme, optional user info, then a host that starts with a host character.
_WEB_URL = re.compile(r"\s*https?://(?:[^/?#\s@\[\]]*@)?[^/?#\s@:\[\]]", re.IGNORECASE)


def is_web_url(url: object) -> bool:
    """True for a string that is an http(s) URL with a host, and no character XML cannot
    hold (a NUL in a host: no browser opens it, and no export could tell it from the host
    without it)."""
    if not (isinstance(url, str) and _WEB_URL.match(url) is not None
            and (url.isprintable() or ILLEGAL_XML.search(url) is None)):
        return False
    if url.count(":") < 2:  # "https:" alone: no port (most URLs, checked half a million times)
        return True
    port = _URL_PARTS.match(as_browsers_read(url.strip())).group(2).rpartition("@")[2]
    port = port.partition(":")[2]  # a browser opens no port past 65535, nor a word
    return not port or (port.isdigit() and int(port) <= 65535)


def as_browsers_read(url: str) -> str:
    """``url`` as a browser reads it (the WHATWG URL standard): tabs and line breaks
    removed, and a backslash read as a slash, also in the host part
    (``https://a.example\\@b.com/x`` opens a.example, not b.com)."""
    if "\\" in url:
        url = url.replace("\\", "/")
    if "\t" in url or "\n" in url or "\r" in url:
        url = _TAB_OR_BREAK.sub("", url)
    return url


_TAB_OR_BREAK = re.compile("[\t\n\r]")


def host_key(host: str) -> str:
    """A host as a key: lower case, IDNA (punycode) form, no www./m./amp. prefix."""
    host = host.strip().strip(".").lower()
    if not host.isascii():
        with contextlib.suppress(UnicodeError):  # else keep the Unicode form: still stable
            host = host.encode("idna").decode("ascii")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    return host


def _unwrap_amp_cdn(host: str, path: str) -> tuple[str, str] | None:
    """The publisher's host and path behind a cdn.ampproject.org URL or Google's AMP
    viewer, or None."""
    if _AMP_CDN.match(host):
        m = _AMP_CDN_PATH.match(path)
    elif _GOOGLE_AMP.match(host):
        m = _GOOGLE_AMP_PATH.match(path)
    else:
        return None
    if not m:
        return None
    return m.group(2), m.group(3) or "/"


#: Links that lead to another (a link copied from a Google Doc, an Outlook mail, Facebook,
#: LinkedIn; an aggregator's feed: Bing News, Flipboard, DuckDuckGo; an archived copy): host
#: -> (the path it redirects on, "" for any; the parameters that may hold the address), or
#: an empty tuple of parameters for an archive whose path after the snapshot is the address.
#: Only hosts whose parameter is the address itself: t.co, lnkd.in, flip.it and Feedburner's
#: feedproxy.google.com/~r/ links name theirs by an opaque id, so they stay their own keys.
_REDIRECT_PARAMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "l.facebook.com": ("", ("u",)), "lm.facebook.com": ("", ("u",)),
    "m.facebook.com": ("/l.php", ("u",)), "facebook.com": ("/l.php", ("u",)),
    "l.instagram.com": ("", ("u",)),
    "linkedin.com": ("/redir", ("url",)),
    "bing.com": ("/news/apiclick.aspx", ("url",)),  # Bing News' feed and page links
    "flipboard.com": ("/redirect", ("url",)),
    "duckduckgo.com": ("/l/", ("uddg",)), "html.duckduckgo.com": ("/l/", ("uddg",)),
    "news.google.com": ("/news/url", ("url",)),  # the old Google News feed's links
    "web.archive.org": ("", ()), "archive.ph": ("", ()), "archive.today": ("", ()),
    "archive.is": ("", ()), "archive.org": ("", ()),
}
_OUTLOOK_SAFELINKS = re.compile(r"(?:^|\.)safelinks\.protection\.outlook\.com$")
_ARCHIVED = re.compile(r"^/(?:web/)?(?:[0-9]{1,14}[a-z_]*/)?(https?:/?/?.*)$", re.IGNORECASE)
#: Yahoo's search and news results: r.search.yahoo.com/_ylt=.../RU=<address>/RK=2/RS=...
_YAHOO_SEARCH = re.compile(r"(?:^|\.)search\.yahoo\.com$")
_YAHOO_RU = re.compile(r"/RU=([^/]+)")
#: A Google News article id (news.google.com/rss/articles/<id>, /articles/<id>, /read/<id>):
#: the old form is base64 of a protobuf message that holds the article's address.
_GOOGLE_NEWS_ID = re.compile(r"^/(?:__i/rss/rd/|rss/)?(?:articles|read)/([A-Za-z0-9_-]{8,})/?$")
#: Wrappers unwrapped in a row at most (a link to an archived copy of a Google redirect).
_UNWRAP_DEPTH = 4


def redirect_target(url: str) -> str:
    """The address a redirect or archive link leads to (Google's /url?q=, Outlook Safe
    Links, Facebook's l.php?u=, LinkedIn's redir?url=, Bing News' apiclick.aspx?url=,
    Bing's ck/a?u=, Yahoo's RU=, DuckDuckGo's l/?uddg=, Flipboard's redirect?url=, a Google
    News article id that holds its address, web.archive.org/web/<time>/<url>,
    archive.ph/<url>), or ``url`` itself: a journalist's pasted link to an article the
    corpus holds was "No article has the URL", and a feed read through an aggregator made
    one article a node per link. Whatever a wrapper holds that is no http(s) URL is not
    followed."""
    for _ in range(_UNWRAP_DEPTH):
        m = _URL_PARTS.match(as_browsers_read(url))
        if m is None:
            return url
        netloc, path, query_text = m.group(2), m.group(3) or "/", m.group(4) or ""
        host = host_key(netloc.rpartition("@")[2].partition(":")[0])
        inner = ""
        if _GOOGLE_AMP.match(host) and path.rstrip("/") == "/url":
            inner = _param(query_text, ("q", "url"))
        elif _OUTLOOK_SAFELINKS.search(host):
            inner = _param(query_text, ("url",))
        elif _YAHOO_SEARCH.search(host):
            found = _YAHOO_RU.search(path)
            inner = unquote(found.group(1)).strip() if found else ""
        elif host == "news.google.com" and _GOOGLE_NEWS_ID.match(path):
            inner = _google_news_address(_GOOGLE_NEWS_ID.match(path).group(1))
        elif host == "bing.com" and path.rstrip("/") == "/ck/a":
            inner = _bing_click_address(_param(query_text, ("u",)))
        elif host in _REDIRECT_PARAMS:
            on, names = _REDIRECT_PARAMS[host]
            if names and path.lower().startswith(on):
                inner = _param(query_text, names)
            elif not names:
                found = _ARCHIVED.match(url[m.start(3):] if m.group(3) else "")
                inner = found.group(1) if found else ""
                inner = re.sub(r"^(https?:)/*", r"\1//", inner, flags=re.IGNORECASE)
        if not is_web_url(inner):
            return url
        url = inner
    return url


def _base64_bytes(text: str) -> bytes:
    """``text`` read as base64 (URL-safe or not, padded or not); b"" when it is none."""
    try:
        return base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_")
                                        + "=" * (-len(text) % 4))
    except (ValueError, binascii.Error):
        return b""


def _google_news_address(article_id: str) -> str:
    """The address an old-form Google News article id holds: the id is base64 of a protobuf
    message whose first text field is the article's URL. "" for the newer opaque ids (their
    field holds a token, not an address) and for anything that does not read as one."""
    data, at = _base64_bytes(article_id), 0
    while at < len(data):
        tag, at = _varint(data, at)
        if tag < 0:
            return ""
        kind = tag & 7
        if kind == 0:
            _, at = _varint(data, at)
        elif kind == 2:
            size, at = _varint(data, at)
            if size < 0 or at + size > len(data):
                return ""
            field, at = data[at:at + size], at + size
            if field[:4].lower() == b"http":
                with contextlib.suppress(UnicodeDecodeError):
                    return field.decode("utf-8")
        else:  # fixed-width or group fields: no old-form id has them
            return ""
        if at < 0:
            return ""
    return ""


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """A protobuf varint at ``at``: (value, the index after it), or (-1, -1) when cut off."""
    value = 0
    for shift in range(0, 64, 7):
        if at >= len(data):
            return -1, -1
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at += 1
        if byte < 0x80:
            return value, at
    return -1, -1


def _bing_click_address(value: str) -> str:
    """The address in Bing's ck/a?u= parameter: "a1" then the URL in URL-safe base64."""
    if not value.startswith("a1"):
        return ""
    with contextlib.suppress(UnicodeDecodeError):
        return _base64_bytes(value[2:]).decode("utf-8").strip()
    return ""


def _param(query_text: str, names: tuple[str, ...]) -> str:
    """The first of the parameters ``names`` in a query string, decoded; "" when none."""
    for key, value in parse_qsl(query_text, keep_blank_values=True):
        if key in names:
            return value.strip()
    return ""


_PLAIN_PATH = re.compile(r"[A-Za-z0-9/:@!$&'()*+,;=._~-]*")
#: What every wrapper's URL holds (most URLs: nothing to unwrap, no parse).
_MAY_WRAP = re.compile(r"google\.|safelinks|facebook\.com|instagram\.com|linkedin\.com|archive\."
                       r"|bing\.com|yahoo\.com|duckduckgo\.com|flipboard\.com", re.IGNORECASE)
_URL_PARTS = re.compile(r"\s*([A-Za-z]+)://([^/?#]*)([^?#]*)(?:\?([^#]*))?")


def _clean_path(path: str) -> str:
    if _PLAIN_PATH.fullmatch(path) and "//" not in path and "amp" not in path.lower():
        return path.rstrip("/")  # the common case: nothing to decode, re-encode or unwrap
    path = unquote(path)
    path = re.sub(r"/{2,}", "/", path)
    path = _AMP_SEGMENT.sub("", path)
    lower = path.lower()
    if _AMP_ENDING.search(lower):
        path = _AMP_ENDING.sub(r"\1", path)
    elif lower.endswith(".amp"):
        path = path[: -len(".amp")]
    path = path.rstrip("/")
    # Re-quote so that keys stay one form whether the input was encoded or not.
    return quote(path, safe="/:@!$&'()*+,;=-._~%")


def _keep_param(name: str, value: str) -> bool:
    low = name.lower()
    if low.startswith(("utm_", "elq")) or low in _TRACKING_EXACT:  # elq: Eloqua's mailings
        return False
    if low == "cid" or low == "ref":  # ref=twitter, ref=hackernews: how one arrived;
        return value.isdigit()         # ref=1001 may be an article
    if low not in _AMP_PARAMS:
        return True
    amp_values = _AMP_PARAMS[low]
    return amp_values is not None and value.lower() not in amp_values


#: A build keys every URL variant three times (story sets, the node's own variants, the
#: related engine's URL lookup): the cache holds a 100k-item corpus's 230k variants (about
#: 100 MB at most, whatever the corpus size), where 65k missed on every pass.
@lru_cache(maxsize=1 << 18)
def story_key(url: str) -> str:
    """The canonical story key of an http(s) URL, e.g. ``host.com/path/to/story``.

    Raises ValueError when ``url`` is not an http(s) URL with a host.
    """
    if not is_web_url(url):
        raise ValueError(f"not an http(s) URL: {url!r}")
    if _MAY_WRAP.search(url):  # a redirect or an archive: the address it leads to
        url = redirect_target(url)
    # One regex instead of urlsplit: this runs for every URL variant of every item.
    scheme, netloc, path, query_text = _URL_PARTS.match(as_browsers_read(url.strip())).groups()
    host, _, port = netloc.rpartition("@")[2].partition(":")
    host, path = host.lower(), path or "/"
    unwrapped = _unwrap_amp_cdn(host, path)
    if unwrapped is not None:
        host, path = unwrapped
        host, port = host.split(":")[0].lower(), ""
    netloc = host_key(host)
    if netloc == "youtu.be" and path.strip("/") and "/" not in path.strip("/"):
        # YouTube's short form: youtu.be/ID is youtube.com/watch?v=ID
        netloc, query_text = "youtube.com", f"v={path.strip('/')}&{query_text or ''}"
        path = "/watch"
    default = _DEFAULT_PORTS.get(scheme.lower())
    if port.isdigit() and int(port) <= 65535 and str(int(port)) != default:
        netloc = f"{netloc}:{int(port)}"
    site_drops = _SITE_TRACKING.get(netloc, ())
    query = [
        (k, v)
        for k, v in parse_qsl(query_text or "", keep_blank_values=True)
        if _keep_param(k, v) and k.lower() not in site_drops
    ]
    key = netloc + _clean_path(path)
    if query:
        key += "?" + urlencode(sorted(query))
    return key


def is_amp(url: str) -> bool:
    """Whether an http(s) URL is one of the AMP forms story_key folds into its page's key
    (an ``amp.`` host, an AMP cache or viewer, an ``/amp/`` segment, an ``.amp`` ending, an
    AMP parameter): the page a node should not be named or linked by when its canonical
    address is known too."""
    if "amp" not in url.lower():  # every AMP form says so (most URLs: no need to parse)
        return False
    m = _URL_PARTS.match(as_browsers_read(url)) if is_web_url(url) else None
    if m is None:
        return False
    _, netloc, path, query_text = m.groups()
    host = netloc.rpartition("@")[2].partition(":")[0].lower()
    path = unquote(path or "/")
    lower = path.lower()
    return ((host.startswith("amp.") and host.count(".") >= 2)
            or _unwrap_amp_cdn(host, path) is not None
            or _AMP_SEGMENT.search(path) is not None or lower.endswith((".amp.html", ".amp"))
            or any(k.lower() in _AMP_PARAMS and not _keep_param(k, v)
                   for k, v in parse_qsl(query_text or "", keep_blank_values=True)))


#: A host name as typed alone ("nytimes.com", "www.nytimes.com", "boston.cbslocal.com"):
#: labels of letters, digits and hyphens joined by dots.
DOMAIN_SHAPE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", re.IGNORECASE)
#: The last label of a bare domain a reader types for an outlet ("irrawaddy.com",
#: "bbc.co.uk"): a country's code (ISO 3166, and uk, eu) or a common generic top-level
#: domain, written in lower case, so that "ASP.NET" and "Node.js" stay words.
TOP_LEVEL_DOMAINS = frozenset((
    "ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn "
    "bo bq br bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz "
    "de dj dk dm do dz ec ee eg eh er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi "
    "gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je "
    "jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md "
    "me mf mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no "
    "np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc "
    "sd se sg sh si sj sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm tn "
    "to tr tt tv tw tz ua ug uk um us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw "
    "com net org info biz gov edu mil int news online media live today tech site app blog "
    "press world global asia"
).split())


def is_bare_domain(q: str) -> bool:
    """Whether ``q`` is a bare domain, which names an outlet ("irrawaddy.com",
    "www.whdh.com"), rather than words joined by dots ("U.S", "ASP.NET", "v2.0")."""
    return bool(DOMAIN_SHAPE.match(q)) and q.rpartition(".")[2] in TOP_LEVEL_DOMAINS


# Second-level labels that, under a two-letter country code, are part of the public
# suffix (bbc.co.uk, abc.net.au, yahoo.co.jp): enough to find a site's name.
_SECOND_LEVEL = frozenset("ac co com edu go gob gov mil ne net nic or org".split())


def _suffix_labels(labels: list[str]) -> int:
    return 2 if len(labels) >= 2 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 1


def site_name(host: str) -> str:
    """The name of the site a host belongs to, which a reader types for it: nytimes.com ->
    "nytimes", bbc.co.uk and www.bbc.com -> "bbc" ("" when the host is all suffix)."""
    labels = host.split(".")
    if labels[-1].isdigit():  # an IP address names no site
        return ""
    cut = _suffix_labels(labels)
    return labels[-cut - 1] if len(labels) > cut else ""


def site_domain(host: str) -> str:
    """The domain of the site a host belongs to: uk.reuters.com -> reuters.com,
    news.bbc.co.uk -> bbc.co.uk (the host itself when it is no longer)."""
    labels = host.split(".")
    if labels[-1].isdigit():  # an IP address
        return host
    return ".".join(labels[-_suffix_labels(labels) - 1:])


_ARTICLE_ID = re.compile(r"\d{5,}")


def is_twin(key: str, other: str) -> bool:
    """True when the story key ``other``, a URL variant an item gives beside its own URL
    (key ``key``), can be the same page in another form: on the same host (an AMP or
    mobile copy), on the site's own domain beside one of its hosts (cnn.com and
    edition.cnn.com), on two hosts of the site with one article number of five digits or
    more in their addresses, or at the same address on another domain of the same name
    (bbc.com/news/x and bbc.co.uk/news/x). Anything else is another outlet's page: an MSN
    copy whose ``originalUrl`` names Reuters' article, abc.es beside abc.net.au,
    alice.blogspot.com beside bob.blogspot.com."""
    if other == key:
        return True
    mine, theirs = key_host(key), key_host(other)
    if mine == theirs:
        return True
    mine_path, their_path = key[len(mine):], other[len(theirs):]
    site = site_domain(mine)
    if site == site_domain(theirs):
        # the site's own domain beside one of its hosts, or two hosts of the site whose
        # addresses carry one article number (CTV's atlantic.ctvnews.ca/couple-1.4927911
        # and beta.ctvnews.ca/.../1_4927911.html)
        return site in (mine, theirs) or bool(
            set(_ARTICLE_ID.findall(mine_path)) & set(_ARTICLE_ID.findall(their_path)))
    name = site_name(mine)
    return (bool(name) and name == site_name(theirs) and _below_site(mine) == _below_site(theirs)
            and mine_path == their_path)


def _below_site(host: str) -> str:
    """A host's labels below its site's domain ("news." of news.bbc.co.uk)."""
    return host[: -len(site_domain(host))]


_INDEX_PAGE = re.compile(r"/(?:index|default)\.(?:html?|php|aspx?)$", re.IGNORECASE)


def is_above(key: str, other: str) -> bool:
    """True when the story key ``other`` is a page above ``key`` on its site: the page of
    ``key`` is ``other``'s path and more (a live blog's post below the blog, whose page may
    be its folder's ``index.html``). A query is no such sign: ``?mid=1`` on a page's own
    address is tracking as often as ``?postId=123`` picks a post."""
    base = _INDEX_PAGE.sub("", other.split("?")[0]).rstrip("/")
    if key.startswith(base + "/"):
        return True
    mine, theirs = key_host(key), key_host(base)  # edition.cnn.com below cnn.com's page
    return (mine != theirs and site_domain(mine) == site_domain(theirs)
            and key[len(mine):].startswith(base[len(theirs):] + "/"))


def is_site_root(key: str) -> bool:
    """Whether a story key is a site's home page (``inquirer.com``, ``a.com/index.html``):
    the address of no one article, though aggregators give it for some."""
    host, _, rest = key.partition("/")
    return "?" not in key and (rest == "" or _INDEX_PAGE.fullmatch("/" + rest) is not None)


def article_key(url: str, title: str, *, own: bool = False) -> str:
    """The story key of an article's URL; for a site's home page (is_site_root), or with
    ``own`` (a story filed at another's address, graphx.graph), the key with the title's
    first words after ``#``: two articles filed under a home page are two stories ("Wolf
    gives liability protection..." and "Need a book?" at inquirer.com were one node, a
    "reissued page"), and a related entry with the same title finds its own."""
    key = story_key(url)
    root = is_site_root(key)
    if title and (root or own):
        words = _TITLE_WORD.findall(title.casefold())[:12]
        if words:
            return (key.partition("/")[0] + "/" if root else key) + "#" + "-".join(words)
    return key


_TITLE_WORD = re.compile(r"[^\W_]+")


def url_host(url: str) -> str:
    """The host key of a URL (for inferring a provider), "" when there is none."""
    if not is_web_url(url):
        return ""
    return key_host(story_key(url))


#: Sites where outlets publish under their own names (a newsroom's videos on YouTube, a
#: paper's article on MSN or Yahoo): an item there credited to its outlet is as it should
#: be (graphx.fields), and a copy there of an outlet's page makes the site no newsroom of
#: that outlet (graphx.outlets).
HOSTING_SITES = frozenset("""
youtube.com youtu.be vimeo.com dailymotion.com facebook.com instagram.com twitter.com x.com
tiktok.com linkedin.com medium.com substack.com msn.com yahoo.com aol.com apple.news
flipboard.com soundcloud.com spotify.com
""".split())


_NUMBERED_HOST = re.compile(r"^www\d+\.(?=[^.]+\.)")


def site_host(key: str) -> str:
    """The host of a story key as the site it serves: a numbered second host (www2.ktla.com,
    www3.nhk.or.jp) is its site's (ktla.com), as www., m., amp. and mobile. are (host_key
    drops those). Only for telling whose page it is: the story key keeps the host, as two
    hosts may serve two pages under one path."""
    return _NUMBERED_HOST.sub("", key_host(key))


def key_host(key: str) -> str:
    """The host key within a story key (``host.com:8080/path`` -> ``host.com``, and
    ``hypebeast.com?post=5`` of ``https://hypebeast.com?post=5`` -> ``hypebeast.com``)."""
    return key.partition("/")[0].partition("?")[0].partition(":")[0]


_USERINFO = re.compile(r"^(\s*[A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


def without_userinfo(url: str) -> str:
    """``url`` without a user name and password before its host, as a browser shows it
    (``https://user:pw@ex.com/a`` -> ``https://ex.com/a``), read as browsers read it:
    ``https://www.reuters.com%2Fworld@evil.example/x`` is a page of evil.example."""
    return _USERINFO.sub(r"\1", as_browsers_read(url)) if "@" in url else url
