"""Outlet identity: which newsroom published an item, keyed and named so a reader knows it.

The aggregator's ``provider`` is coarse on shared platforms: ``go.com`` (named "ABC") for
abcnews.go.com, ``cbslocal.com`` (named "CBS Boston / WBZ" for nearly every station) for the
CBS stations of a dozen cities. The data says when a provider domain is such a platform: its
articles live on subdomains of it (www., m. and amp. aside) and

- none lives on the domain itself (go.com: all on abcnews.go.com), or
- they live on two or more subdomains (cbslocal.com: denver., minnesota., boston. ...), or
- the names of the one subdomain are never those of the bare domain (a newsroom of its own).

A provider whose items name no one but the site itself ("KOMPAS.com") is no platform,
wherever they live: its subdomains are one newsroom's desks (items that give no name at
all say nothing, and a hosting site, urls.HOSTING_SITES, stays a platform).

On a platform the article URL's host is the outlet; elsewhere the provider domain is. An
article whose host lies outside its provider's domain keeps the provider: the aggregator
files local outlets' stories under CNN live-blog URLs, so such a host names no newsroom.
Unless none of the provider's items lives on its domain and they live on two or more
sites that no item gives as its provider: "Substack" (substack.com) for newsletters on
popular.info and noahpinion.blog is a service, and each site is its own outlet, named by
a name only its items give, else by its domain.

A platform newsroom's display name is, in order: the small table DISPLAY_NAMES (names the
data does not give); a name seen for it that spells its own label ("CBS New York" for
newyork.cbslocal.com); one that names a part of its host ("Yahoo News UK" on uk.news); one
that carries the platform's brand ("Reuters India" on in.reuters.com, "CNN International");
the platform's brand (the words its names share before any host's label: "CBS" of "CBS
Boston / WBZ" and "CBS New York") with the label ("CBS Denver"; a label that starts with the
brand splits on it: abcnews on "ABC" gives "ABC News"; a host of several parts reads from
the platform out: "Yahoo News UK"); else the most common name seen. A name that spells
another newsroom's label of the platform ("CBS Boston / WBZ" on denver.cbslocal.com) is that
newsroom's, misapplied, and is not kept for this one; a name that is only a domain (an item
that gave none) names nothing. Any other outlet is named by the most common name seen, or by
its domain when its items name publishers that share nothing (_names_apart), none of whose
names spells the site
(_spells_site: nytimes.com's "The New York Times" beside "The Athletic").
Names are HTML-decoded.

A portal's copy of a publisher's article (_is_repost: msn.com's page named "Reuters") is
the publisher's outlet, or, when no outlet of the corpus gives that name, a newsroom of its
own on the portal ("msn.com/independent"): msn.com's copies of The Washington Post, Reuters
and The Independent were one outlet, and a query for the Post answered with Reuters'.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .model import label_key
from .records import Item
from .urls import HOSTING_SITES, host_key, site_domain, site_host, site_name, url_host

#: Newsrooms whose name neither the aggregator nor the host spells out.
DISPLAY_NAMES = {
    "abcnews.go.com": "ABC News",
    "boston.cbslocal.com": "CBS Boston",
    "dfw.cbslocal.com": "CBS DFW",
    "losangeles.cbslocal.com": "CBS Los Angeles",
    "newyork.cbslocal.com": "CBS New York",
    "philadelphia.cbslocal.com": "CBS Philly",
    "sanfrancisco.cbslocal.com": "CBS SF Bay Area",
    "washington.cbslocal.com": "CBS DC",
}

_MIN_LABEL = 3  # shorter host labels ("bc", "en") are too short to look for inside names
_RUN = 4  # a host label is spelled by at most this many words of a name ("New York")


@dataclass(frozen=True)
class Outlet:
    """One newsroom: its node key (provider domain, or host on a platform), display name,
    every name kept for it, and the platform domain it sits on ("" when none)."""

    key: str
    label: str
    names: tuple[str, ...]
    platform: str = ""


#: What a page's title adds to the site's name ("KTLA - Home", "WRAL | Home Page", "X –
#: Official Site"): an aggregator that took the name from the title kept it.
_TITLE_SUFFIX = re.compile(r"\s+[-|–—:·]\s+(?:home(?:\s*page)?|homepage|welcome|official\s+"
                           r"(?:web\s*)?site)\s*$", re.IGNORECASE)


def clean_name(name: str) -> str:
    """A provider's display name as a reader should see it: HTML entities decoded, spacing
    collapsed, a page title's suffix dropped ("KTLA - Home": "KTLA"), a host written as the
    site ("www.wral.com": "wral.com", as host_key writes it, and so no name of its own: see
    _is_domain); "" for a name that is really a URL or path (no spaces, a slash)."""
    name = _TITLE_SUFFIX.sub("", " ".join(html.unescape(name).split()))
    if "/" in name and " " not in name:
        return ""
    if _is_domain(name) and name.islower():
        return host_key(name)
    return name


#: Words that name no one outlet: a provider name that is one of them ("News" for
#: North Shore News' nsnews.com) says what the site is, not which.
_GENERIC_NAMES = frozenset("news media magazine mag online daily radio tv live now web press "
                           "the".split())
#: A name is a site's own when its letters start alike for this long ("Oregonian",
#: oregonlive.com).
_SHARED_START = 4


def _is_no_name(name: str, domain: str, host: str) -> bool:
    """Whether a provider name is one everyday word (lower case or capitalised, letters
    alone) that names no outlet of the site it is given for: "richest" for
    thesouthafrican.com and "Oil" for ogj.com (sharing nothing with the site's name),
    "Now" for nowtoronto.com and "Education" for diverseeducation.com (a part of it whose
    rest is no generic word), "News" anywhere but news.*. Such a name is none, so the
    outlet is named by its domain. A name the site's name spells ("Reuters", "Fortune",
    "Law"), a part of it beside a generic word or a short code ("Mint" of livemint.com,
    "Paste" of pastemagazine.com, "Vanguard" of vanguardngr.com), its letters in order
    ("Quartz" of qz.com, "Dataquest" of dqindia.com), an acronym or call sign ("WVEC",
    "TIME"), a name of several words or with digits ("Law360"), and any name on a hosting
    site (urls.HOSTING_SITES: msn.com's copies name their publishers) are kept."""
    if not (name.isalpha() and (name.islower() or (name[:1].isupper() and name[1:].islower()))):
        return False
    if site_domain(host) in HOSTING_SITES or domain in HOSTING_SITES:
        return False
    word = squash(name)
    labels = {squash(label) for h in (domain, host)
              for label in h[: -len(site_domain(h))].split(".") + [site_name(h)] if label}
    labels.discard("www")
    if word in labels:
        return False
    if word in _GENERIC_NAMES:
        return True
    for label in labels:
        at = label.find(word)
        if at >= 0:  # a part of the site's name: its own when the rest is generic or short
            rest = label[:at] + label[at + len(word):]
            if rest in _GENERIC_NAMES or len(rest) <= 3:
                return False
            continue
        if (label[:_SHARED_START] == word[:_SHARED_START] and len(label) >= _SHARED_START
                and len(word) >= _SHARED_START):
            return False
        # an abbreviation of the name: qz.com's "Quartz", dqindia.com's "Dataquest"
        if len(label) >= 2 and _in_order(label[:2], word) and label[0] == word[0]:
            return False
    return True


def _in_order(short: str, long: str) -> bool:
    """Whether the letters of ``short`` occur in ``long`` in order ("qz" in "quartz")."""
    letters = iter(long)
    return all(ch in letters for ch in short)


def spellings(key: str, label: str, names: Iterable[str], platform: str = "") -> list[str]:
    """Every spelling that names an outlet, for a query: its key (domain or host), display
    name, names kept, platform domain, the short name of its site (the platform's for a
    platform newsroom: "denver" is a place before it is CBS Denver), and each name without
    a leading "The"."""
    found = [key, label, *names, platform]
    short = site_name(platform or key)
    if len(short) >= _MIN_LABEL:  # "go" of go.com names nothing a reader would search for
        found.append(short)
    found += [n[4:] for n in found if n[:4].casefold() == "the "]
    # A name of three words or more by its initials, as newsrooms are called: "NYT" for
    # (The) New York Times, "WSJ" for The Wall Street Journal.
    for n in list(found):
        words = [w for w in re.findall(r"[^\W\d_]+", n) if w.casefold() != "the"]
        if len(words) >= 3 and all(w[0].isupper() for w in words):
            found.append("".join(w[0] for w in words))
    return [n for n in dict.fromkeys(found) if n]


def _under(host: str, domain: str) -> bool:
    return host.endswith("." + domain)


def _is_domain(name: str) -> bool:
    """A name that is a domain or host (the fallback when a provider has no name)."""
    return " " not in name and "." in name


def squash(text: str) -> str:
    """A name as its letters and digits alone, case and accents aside: "EL PAÍS", "El Pais"
    and "elpais" are one; "TheHill" and "The Hill" too."""
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(ch))
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _stem(key: str) -> str:
    """An outlet key's domain as a name spells it, squashed ("cbsnews" of cbsnews.com/x)."""
    return squash(key.split("/")[0].split(".")[0])


#: How German writes its umlauts where it cannot (sueddeutsche.de, boersen-zeitung.de).
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                          "ß": "ss"})


def squash_spelled_out(text: str) -> str:
    """``text`` squashed with its umlauts written out ("Süddeutsche": "sueddeutsche", as
    its domain writes it), where squash drops their dots ("suddeutsche")."""
    return squash(text.translate(_UMLAUTS))


def _spelled(name: str, labels: set[str]) -> tuple[int, str] | None:
    """(index of the first word, label) of the first run of ``name``'s words that spells
    one of ``labels`` ("CBS New York" spells newyork from word 1), or None."""
    words = [squash(w) for w in name.split()]
    for i, word in enumerate(words):
        if not word:
            continue
        run = ""
        for w in words[i:i + _RUN]:
            run += w
            if run in labels:
                return i, run
    return None


class Outlets:
    """The outlets of a corpus: ``key(item)`` gives an item's outlet key, ``outlet(key)``
    its Outlet. Built from every item and related copy, in time linear in them."""

    def __init__(self, items: Iterable[Item]) -> None:
        # provider domain -> host -> display-name counts of the items seen there
        counts: Counter = Counter()
        crossing: set[tuple[str, str]] = set()  # (provider domain, the site of a URL variant)
        sections: Counter = Counter()  # (domain, first path segment, name) on the domain
        # (portal, a publisher's name as name_key writes it) -> the names its copies give
        reposted: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for i in items:
            if not i.provider_domain:
                continue
            host = site_host(i.key)
            if _is_repost(i.provider_domain, host, i.provider_name):
                name = clean_name(i.provider_name)
                reposted[i.provider_domain, name_key(name)][name] += 1
                continue
            counts[i.provider_domain, host, i.provider_name] += 1
            if host == i.provider_domain:
                segment = _segment(i.key)
                if segment:
                    sections[i.provider_domain, segment, i.provider_name] += 1
            for url in i.urls[1:]:
                other = site_domain(url_host(url))
                if other and other != i.provider_domain:
                    crossing.add((i.provider_domain, other))
        # A newsroom under a path of its platform's own host (CBS's stations on
        # cbsnews.com/newyork/, /chicago/): an outlet of its own, "cbsnews.com/newyork".
        self.paths = _path_newsrooms(sections, counts)
        for (domain, segment, name), n in sections.items():
            if segment in self.paths.get(domain, ()):
                counts[domain, domain, name] -= n
                counts[f"{domain}/{segment}", f"{domain}/{segment}", name] += n
        # A section given as the first path segment of the bare domain is the section of
        # that subdomain (www.yahoo.com/news/... is news.yahoo.com's Yahoo News).
        hosts_of: dict[str, set[str]] = defaultdict(set)
        for domain, host, _ in counts:
            hosts_of[domain].add(host)
        self.path_hosts: dict[str, set[str]] = defaultdict(set)
        for (domain, segment, name), n in sections.items():
            sub = f"{segment}.{domain}"
            if sub in hosts_of[domain] and segment not in self.paths.get(domain, ()):
                counts[domain, domain, name] -= n
                counts[domain, sub, name] += n
                self.path_hosts[domain].add(segment)
        counts = +counts  # drop what moved
        seen: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        for (domain, host, name), n in counts.items():
            name = clean_name(name)
            seen[domain][host]["" if _is_no_name(name, domain, host) else name] += n
        self.alias = _one_newsroom(seen, crossing)
        for other, domain in self.alias.items():
            for host, names_there in seen.pop(other).items():
                seen[domain][host].update(names_there)
        # A section or edition with no name of its own is its outlet's (see SECTIONS), and
        # so is every subdomain of a provider whose items name no one but the site itself
        # ("KOMPAS.com" on regional., nasional. and money.kompas.com: one newsroom's desks,
        # which were an outlet each): nothing there tells of a newsroom per host. Where
        # some name does (news.yahoo.com's "Yahoo News"), an unnamed edition beside it
        # (uk.news.yahoo.com) stays one of the platform's newsrooms.
        self.sections: set[str] = set()
        for domain, hosts in seen.items():
            site_only = domain not in HOSTING_SITES and _names_only_site(hosts.values(), domain)
            for host in [h for h in hosts if _section(h, domain) or (
                    site_only and _under(h, domain) and h not in DISPLAY_NAMES)]:
                own = {n for n in hosts[host] if n and not _is_domain(n)}
                elsewhere = {n for h, c in hosts.items() if h != host for n in c}
                if own <= elsewhere:
                    hosts[domain].update(hosts.pop(host))
                    self.sections.add(host)
        # A provider domain none of whose items lives on it, that files them on two or
        # more other sites that are no provider's ("Substack" for newsletters on
        # popular.info and noahpinion.blog): each site is a newsroom of its own.
        self.scattered: set[str] = set()
        for domain, hosts in seen.items():
            sites = {site_domain(h) for h in hosts}
            if (len(sites) >= 2 and not sites & seen.keys()
                    and not any(h == domain or _under(h, domain) for h in hosts)):
                self.scattered.add(domain)
        self.platforms: set[str] = set()
        for domain, hosts in seen.items():
            subs = [h for h in hosts if _under(h, domain)]
            if subs and (domain not in hosts or len(subs) >= 2
                         or _named_apart(hosts[domain], hosts[subs[0]])):
                self.platforms.add(domain)
        names: dict[str, Counter] = defaultdict(Counter)
        platform_of: dict[str, str] = {}
        for domain, hosts in seen.items():
            for host, counts in hosts.items():
                key = self._key(domain, host)
                names[key].update(counts)
                if key != domain:
                    platform_of[key] = domain
        self._outlets: dict[str, Outlet] = {}
        for domain in self.scattered:
            self._name_scattered(domain, seen[domain], names)
        for domain in self.platforms:
            self._name_platform(domain, seen[domain], names)
        for key, counts in names.items():
            if key not in self._outlets:
                given = Counter({n: c for n, c in counts.items() if n})
                # A domain is the name of an item that gave none (a related copy with a URL
                # alone): it never outvotes a name the outlet's items give.
                named = Counter({n: c for n, c in given.items() if not _is_domain(n)}) or given
                # Publishers that share nothing name the outlet by its domain, unless some
                # of their names spell it (nytimes.com's "The Athletic" beside "The New
                # York Times": the latter's, not msn.com's copies of two papers).
                own = Counter({n: c for n, c in named.items() if _spells_site(n, key)})
                label = DISPLAY_NAMES.get(key) or (
                    (_most_given(own, key) or key) if _names_apart(named)
                    else _most_given(named, key)) or key
                platform = platform_of.get(key, key if key in self.platforms else "")
                self._outlets[key] = Outlet(key, label, _sorted({*given, label} - {key}),
                                            platform)

        self.reposts = self._credit_reposts(reposted, names)

    def _credit_reposts(self, reposted: dict[tuple[str, str], Counter],
                        names: dict[str, Counter]) -> dict[tuple[str, str], str]:
        """{(portal, name key): outlet key} for a portal's copies of publishers' articles
        (_is_repost): each is the outlet whose own items give that name most (MSN's copy of
        Reuters' report is Reuters'), or, when no outlet of the corpus gives it, a newsroom
        of its own on the portal, keyed "msn.com/theindependent" and named as the copies
        name it. Copies of two publishers are never one outlet."""
        given: dict[str, Counter] = defaultdict(Counter)  # name key -> outlet key -> items
        for key, counts in names.items():
            if key.split("/")[0] not in HOSTING_SITES and site_domain(key) not in HOSTING_SITES:
                for name, n in counts.items():
                    if name and not _is_domain(name):
                        given[name_key(name)][key] += n
        credited: dict[tuple[str, str], str] = {}
        for (portal, name), copies in reposted.items():
            if name in given:
                credited[portal, name] = most_common(given[name])
                continue
            key = f"{portal}/{name}"
            label = _most_given(copies, key)
            credited[portal, name] = key
            self._outlets[key] = Outlet(key, label, _sorted(copies), portal)
        return credited

    def _name_platform(self, domain: str, hosts: dict[str, Counter],
                       names: dict[str, Counter]) -> None:
        """The Outlet of each newsroom (subdomain) of platform ``domain``, and of the domain
        itself when articles are keyed to it."""
        local = {h: squash(h[: -len(domain) - 1]) for h in hosts if _under(h, domain)}
        labels = {label for label in local.values() if len(label) >= _MIN_LABEL}
        every = sorted({n for counts in hosts.values() for n in counts if n and not _is_domain(n)})
        spelled = {n: _spelled(n, labels) for n in every}
        brand = _common_words(n.split()[:spelled[n][0]] if spelled[n] else n.split()
                              for n in every)
        # The labels of each host's own parts: "Yahoo News UK" on uk.news.yahoo.com spells
        # "news", a part of its own host, not the news.yahoo.com newsroom's name misapplied.
        parts = {h: {squash(p) for p in h[: -len(domain) - 1].split(".")} for h in local}
        if domain in names:  # articles on the bare domain, or on hosts outside it
            local[domain] = ""
        chosen: dict[str, tuple[str, bool, str, Counter]] = {}
        for host, label in local.items():
            mine = parts.get(host, set()) | {label}
            given = Counter({n: c for n, c in names[host].items()
                             if n and (not spelled.get(n) or spelled[n][1] in mine)})
            own = [n for n in sorted(given) if spelled.get(n) and spelled[n][1] == label]
            # A name spelling a part of the host ("Yahoo News Singapore" on sg.news) is
            # this newsroom's own too, and better than one made of the label ("Sgnews").
            part = most_common(Counter({n: c for n, c in given.items()
                                        if mine & {squash(w) for w in n.split()}}))
            made = _with_label(brand, label, several=len(local) > 1,
                               parts=host[: -len(domain) - 1].split(".")) if label else ""
            # A name given for this newsroom that carries the platform's brand ("Reuters
            # India" on in.reuters.com, "CNN International") beats one made of its host.
            branded = most_common(Counter({n: c for n, c in given.items() if brand and
                                           not _is_domain(n)
                                           and squash(n).startswith(squash(brand))
                                           and squash(n) != squash(brand)}))
            display = (DISPLAY_NAMES.get(host) or (own[0] if own else "") or part or branded
                       or made)
            display = display or most_common(given) or (brand if not label else "") or host
            chosen[host] = (display, bool(DISPLAY_NAMES.get(host) or own), made, given)
        # Two newsrooms of the platform are never shown under one name ("Yahoo News" for
        # news.yahoo.com and uk.news.yahoo.com alike): the one whose own name it is keeps
        # it, the others take the name made of their host.
        hosts_named: dict[str, list[str]] = defaultdict(list)
        for host, (display, _, _, _) in chosen.items():
            hosts_named[display].append(host)
        for display, same in hosts_named.items():
            if len(same) < 2:
                continue
            keeper = min(same, key=lambda h: (not chosen[h][1], h.count("."), h))
            for host in same:
                if host != keeper:
                    made = chosen[host][2]
                    other = made if made and made not in hosts_named else f"{display} ({host})"
                    chosen[host] = (other, *chosen[host][1:])
        for host, (display, _, _, given) in chosen.items():
            self._outlets[host] = Outlet(host, display, _sorted({*given, display} - {host}),
                                         domain)

    def _name_scattered(self, domain: str, hosts: dict[str, Counter],
                        names: dict[str, Counter]) -> None:
        """The Outlet of each site of a scattered provider ``domain``: named by a name its
        items give that no other site's items of the provider give, else by its domain."""
        sites: dict[str, Counter] = defaultdict(Counter)
        for host, counts in hosts.items():
            sites[site_domain(host)].update(counts)
        for site, given in sites.items():
            shared = {n for other, c in sites.items() if other != site for n in c}
            own = Counter({n: c for n, c in given.items()
                           if n and n not in shared and not _is_domain(n)})
            label = most_common(own) or site
            # No platform: its own site's name is what a reader types ("Noahpinion").
            self._outlets[site] = Outlet(site, label, _sorted(
                {*(n for n in given if n), *names.get(site, ()), label, domain} - {site}))

    def _key(self, domain: str, host: str) -> str:
        if domain in self.scattered:
            return site_domain(host)
        return (host if domain in self.platforms and _under(host, domain)
                and host not in self.sections else domain)

    def key(self, item: Item) -> str:
        """The outlet key of ``item``: its host on a platform, else its provider domain (the
        newsroom's main one when it has two: bbc.co.uk is BBC's bbc.com), or the domain and
        path of a newsroom under a path of it (cbsnews.com/newyork)."""
        if _is_repost(item.provider_domain, site_host(item.key), item.provider_name):
            return self.reposts[item.provider_domain,
                                name_key(clean_name(item.provider_name))]
        if item.provider_domain in self.paths and site_host(item.key) == item.provider_domain:
            segment = _segment(item.key)
            if segment in self.paths[item.provider_domain]:
                return f"{item.provider_domain}/{segment}"
        domain = self.alias.get(item.provider_domain, item.provider_domain)
        if domain in self.platforms or domain in self.scattered:
            host = site_host(item.key)
            if host == item.provider_domain and _segment(item.key) in self.path_hosts.get(
                    host, ()):
                host = f"{_segment(item.key)}.{host}"
            return self._key(domain, host)
        return domain

    def outlet(self, key: str) -> Outlet:
        """The Outlet of a key that ``key(item)`` gave (KeyError for another)."""
        return self._outlets[key]


#: Host labels that name a section or an edition of a site, not a newsroom of its own:
#: money.usnews.com and health.usnews.com are U.S. News, edition.cnn.com is CNN (they were
#: outlets of names graphx made up: "U.S. News & World Report Money", "CNN Edition").
SECTIONS = frozenset("""edition editions money health business markets finance sports
    sport tech technology science travel entertainment lifestyle opinion politics weather
    autos""".split())


def name_key(name: str) -> str:
    """An outlet's name as names are matched by: squashed, a leading "The" aside ("The
    Washington Post" and "Washington Post" are one publisher; the related engine reads a
    query naming an outlet so)."""
    return squash(name[4:] if name[:4].casefold() == "the " else name)


def _is_repost(domain: str, host: str, name: str) -> bool:
    """Whether an item is a portal's copy of a publisher's article under that publisher's
    name: its provider domain is a hosting site (urls.HOSTING_SITES: msn.com, yahoo.com,
    aol.com), its page lives there, and its name is a publisher's, neither a domain nor the
    portal's own ("MSN", "Yahoo News", "Yahoo Finance": names that start with the site's
    name or spell it are the portal's newsrooms)."""
    if domain not in HOSTING_SITES or not (host == domain or _under(host, domain)):
        return False
    name = clean_name(name)
    if not name or _is_domain(name):
        return False
    return not (squash(name).startswith(squash(site_name(domain)))
                or _spells_site(name, domain))


def _section(host: str, domain: str) -> bool:
    """Whether ``host`` is named like a section or edition of ``domain`` (its one label in
    SECTIONS); one whose items give it a name of its own ("CNN Business" on money.cnn.com,
    "Markets Insider") is a newsroom all the same."""
    return _under(host, domain) and host[: -len(domain) - 1] in SECTIONS


_SEGMENT = re.compile(r"[a-z]{2,20}")
#: Of a path newsroom's items, at least this share give its name, and of its name's items,
#: this share sit under its path (_path_newsrooms).
PATH_SHARE = 0.8


def _segment(key: str) -> str:
    """A story key's first path segment when it reads as a section's name ("newyork" of
    cbsnews.com/newyork/news/...; not "2020" nor an article's slug), else ""."""
    segment = key.partition("/")[2].partition("/")[0].partition("?")[0].casefold()
    return segment if _SEGMENT.fullmatch(segment) else ""


def _path_newsrooms(sections: Counter, counts: Counter) -> dict[str, set[str]]:
    """{provider domain: the first path segments that are newsrooms of their own}: a
    segment whose items give one name (PATH_SHARE of them), a name given there and hardly
    elsewhere, and not the domain's own name (the one spelling it, else the one most of its
    items give: CBS News at /news/ is the domain's; CBS New York at /newyork/ a
    newsroom)."""
    # Names compared case aside: "the Guardian" on one section's item and "The Guardian"
    # on another's made /environment/ a newsroom of its own.
    # An item naming no provider (its name is its domain, a related entry's) gives no name:
    # one beside CBS Colorado's item on /colorado/ kept the station from being a newsroom.
    by_domain: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for (domain, segment, name), n in sections.items():
        if not _is_domain(name):
            by_domain[domain][segment][clean_name(name).casefold()] += n
    named_on: dict[str, Counter] = defaultdict(Counter)  # every name each domain's items give
    for (domain, _, name), n in counts.items():
        if domain in by_domain and not _is_domain(name):
            named_on[domain][clean_name(name).casefold()] += n
    found: dict[str, set[str]] = {}
    for domain, segments in by_domain.items():
        if len(segments) < 2:
            continue
        named = named_on[domain]
        # The domain's own name is the one that spells it, where one does (cbsnews.com:
        # "CBS News"), else the one most given: CBS Colorado's two items on
        # cbsnews.com/colorado/ outnumbered the network's one, took the host and made
        # /news/ a newsroom named CBS News.
        stem = _stem(domain)
        spelling = [name for name in named if squash(name) == stem]
        main = most_common(Counter({n: named[n] for n in spelling})) if spelling \
            else most_common(named)
        for segment, there in segments.items():
            name = most_common(there)
            if (name and name != main and _core(name) != _core(main)
                    and there[name] >= PATH_SHARE * sum(there.values())
                    and there[name] >= PATH_SHARE * named[name]):
                found.setdefault(domain, set()).add(segment)
    return found


def _core(name: str) -> tuple[str, ...]:
    """A name's words without the generic ones it ends in ("WTOP News", "WTOP News Radio"
    and "WTOP" are all ("wtop",); "CBS New York" stays itself): a path whose items add such
    a word to the domain's name is the same newsroom, not one of its own."""
    words = [squash(w) for w in name.split()]
    while len(words) > 1 and words[-1] in _GENERIC_NAMES | {""}:
        words.pop()
    return tuple(words)


def _one_newsroom(seen: dict, crossing: set) -> dict[str, str]:
    """{provider domain: the domain whose newsroom it is}: a domain whose items give pages
    of another provider domain as their own URL variants (BBC's bbc.com articles with
    their AMP pages on bbc.co.uk), under a name the two share, is one newsroom with it; the
    one with more items keeps its key. "The Star" of Toronto and of Malaysia give no such
    URLs: two outlets, their name aside."""
    def size(domain: str) -> int:
        return sum(sum(c.values()) for c in seen[domain].values())

    def names(domain: str) -> set:
        return {n.casefold() for c in seen[domain].values() for n in c if n and not _is_domain(n)}

    alias: dict[str, str] = {}
    for a, b in sorted(crossing):
        if b not in seen or a in alias or b in alias or not names(a) & names(b):
            continue
        if a in HOSTING_SITES or b in HOSTING_SITES:
            # An MSN copy of Reuters' article (provider Reuters on msn.com, its originalUrl
            # on reuters.com) is no sign that msn.com is Reuters' newsroom: the two were
            # made one outlet, and The Washington Post's MSN copies became Reuters'.
            continue
        keep, other = (a, b) if (size(a), b) >= (size(b), a) else (b, a)
        if other not in alias.values():
            alias[other] = keep
    return alias


#: Words two names can share and still be two publishers' ("The Washington Post" and "The
#: Independent" on msn.com), squashed; "" for a word of punctuation alone ("&", "/").
_FUNCTION_WORDS = frozenset({"", "the", "a", "an", "of", "and", "la", "le", "les", "el", "los",
                             "las", "il", "lo", "der", "die", "das", "de", "du", "des"})


def _names_apart(given: Counter) -> bool:
    """Whether an outlet's items name several publishers that share nothing (but words
    like "The"), none of them four times in five (medium.com's "Alice Chen" and "Bob's Tech
    Notes"; msn.com's "The Washington Post" and "The Independent"): no one of those names is
    the outlet's, and giving it one would credit the others' articles to it."""
    named = Counter({n: c for n, c in given.items() if not _is_domain(n)})
    if len(named) < 2 or max(named.values()) >= 0.8 * sum(named.values()):
        return False
    words = [[squash(w) for w in n.split() if squash(w) not in _FUNCTION_WORDS]
             for n in named]
    whole = [squash(n) for n in named]
    # ... nor is a name the initials of another ("AP", "Associated Press")
    initials = ["".join(w[:1] for w in ws) for ws in words]
    return not set.intersection(*map(set, words)) and not any(
        a in b or b in a for a, b in itertools.combinations(whole, 2)) and not any(
        len(a) > 1 and a in initials for a in whole)


def _spells_site(name: str, key: str) -> bool:
    """Whether ``name`` spells the site of outlet ``key``, each of its words written whole,
    by its initial or left out, in order: "The New York Times" spells nytimes ("n", "y",
    "times"), "The Wall Street Journal" wsj, "Los Angeles Times" latimes, "BBC News" bbc."""
    stem = _stem(key)
    words = [squash(w) for w in name.split()]
    words = [w for w in words if w]
    if not stem or not words:
        return False
    # Which prefixes of the stem the words so far can spell: one step per word.
    ends = {0}
    for w in words:
        ends |= {e + len(part) for e in ends for part in (w, w[:1])
                 if stem.startswith(part, e)}
    return len(stem) in ends and len(stem) >= 3


def _names_only_site(names: Iterable[Counter], domain: str) -> bool:
    """Whether the items of the hosts under ``domain`` (``names``: each host's) name the
    site ``domain`` itself and nothing else ("KOMPAS.com", "kompas.com"; an item may give
    none): such items say the site published them, nothing of a newsroom of their host's
    own. Items that give no name at all say nothing either way: their hosts stay apart
    (news0.example.com and news1.example.com, *.blogspot.com)."""
    site = squash(domain)
    # the domain written as it is, lower case, is the loader's stand-in for no name
    given = [n for counts in names for n in counts if n and n != domain]
    return bool(given) and all(squash(n) == site for n in given)


def _named_apart(bare: Counter, sub: Counter) -> bool:
    """Whether a provider domain's one subdomain has names of its own, none the bare
    domain's; a name that is only a domain (an item that gave no provider name) is none."""
    given = [{n for n in names if n and not _is_domain(n)} for names in (bare, sub)]
    return all(given) and not given[0] & given[1]


def _common_words(names: Iterable[list[str]]) -> str:
    """The leading words all ``names`` (each a list of words) share, ignoring case."""
    common: list[str] | None = None
    for words in names:
        if common is None:
            common = words
            continue
        n = 0
        while n < min(len(common), len(words)) and common[n].casefold() == words[n].casefold():
            n += 1
        common = common[:n]
    return " ".join(common or [])


def _with_label(brand: str, label: str, *, several: bool, parts: list[str] = ()) -> str:
    """A newsroom's name from its platform's brand and its host label: "CBS" + denver ->
    "CBS Denver"; "ABC" + abcnews -> "ABC News"; a host of several parts names them from
    the platform out ("Yahoo" + uk.news -> "Yahoo News UK"). With one newsroom on the
    platform the names seen are already its own: only a label that starts with the brand
    gives a better one."""
    b = squash(brand)
    if not b:
        return ""
    if label.startswith(b) and label != b:
        label = label[len(b):]
    elif not several:
        return ""
    elif label in b:  # news on "Yahoo News"
        return brand
    words = [p for p in reversed(parts) if squash(p) and squash(p) != b] if len(parts) > 1 \
        else [label]
    return " ".join([brand, *(w.upper() if len(w) < 4 else w.capitalize() for w in words)])


def _most_given(names: Counter, key: str) -> str:
    """The name given most, spellings that differ only in case counted as one ("The
    Guardian" and "the Guardian" outvote "Guardian Australia"), written capitalised, as most
    give it; of
    names given as often, one that spells the outlet's domain (theguardian.com: "The
    Guardian"), then the alphabetically first."""
    if not names:
        return ""
    spelled: dict[str, Counter] = defaultdict(Counter)
    for name, n in names.items():
        spelled[name.casefold()][name] += n
    stem = _stem(key)
    best = min(spelled, key=lambda f: (-sum(spelled[f].values()), squash(f) != stem, f))
    # Of its spellings, a capitalised one ("The Guardian", not one item's "the Guardian").
    return min(spelled[best].items(), key=lambda kv: (not kv[0][:1].isupper(), -kv[1],
                                                       kv[0]))[0]


def most_common(counter: Counter) -> str:
    """The most frequent value; ties go to the alphabetically first, for stable labels (of
    outlets here, of topics and tags in graphx.graph)."""
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else ""


def _sorted(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=lambda n: (label_key(n), n)))
