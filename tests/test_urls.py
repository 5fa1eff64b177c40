"""Story keys: every URL variant of a story gives the same key; different stories never do."""

import base64
from urllib.parse import quote

import pytest

from graphx.urls import (
    host_key,
    is_above,
    is_amp,
    is_twin,
    is_web_url,
    key_host,
    site_name,
    story_key,
    url_host,
)

BASE = "example.com/news/2020/05/story"

SAME_STORY = [
    "https://www.example.com/news/2020/05/story",
    "http://www.example.com/news/2020/05/story",
    "https://WWW.Example.COM/news/2020/05/story",
    "https://example.com/news/2020/05/story/",
    "https://m.example.com/news/2020/05/story",
    "https://amp.example.com/news/2020/05/story",
    "https://www.example.com:443/news/2020/05/story",
    "http://www.example.com:80/news/2020/05/story",
    "https://www.example.com/news/2020/05/story#comments",
    "https://www.example.com/news/2020/05/story?utm_source=tw&utm_medium=social",
    "https://www.example.com/news/2020/05/story?fbclid=abc",
    "https://www.example.com/news/2020/05/story?gclid=abc&ocid=msn",
    "https://www.example.com/news/2020/05/story?cmpid=rss&CMP=twt_gu",
    "https://www.example.com/amp/news/2020/05/story",
    "https://www.example.com/news/2020/05/story/amp/",
    "https://www.example.com/AMP/news/2020/05/story",
    "https://www.example.com/news/2020/05/story.amp",
    "https://www.example.com/news/2020/05/story?outputType=amp",
    "https://www.example.com/news/2020/05/story?amp=1",
    "https://www.example.com/news/2020/05/story?amp=true",
    "https://www.example.com/news/2020/05/story?amp",
    "https://www.example.com/news/2020/05/story?_amp=true",
    "https://www.example.com/news/2020/05/story?template=amphtml",
    "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/2020/05/story",
    "https://www-example-com.cdn.ampproject.org/c/www.example.com/news/2020/05/story",
    "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/amp/news/2020/05/story",
    "https://www-example-com.cdn.ampproject.org/v/s/www.example.com/news/2020/05/story?amp_js_v=0.1",
    "https://www.example.com/google-amp/news/2020/05/story",
    "https://www.example.com//news//2020/05/story",
    "https://www.google.com/amp/s/www.example.com/news/2020/05/story",
    "https://www.google.com/amp/s/www.example.com/amp/news/2020/05/story",
    "http://www.google.co.uk/amp/www.example.com/news/2020/05/story",
    "https://google.com.au/amp/s/example.com/news/2020/05/story",
    "https://www.example.com/news/2020/05/story?xtor=RSS-3208",
    "https://www.example.com/news/2020/05/story?cid=NL_weekly_0826&elq_cid=22&elqTrackId=x",
    "https://www.example.com/news/2020/05/story?ref=twitter&mibextid=Zxz2cZ",
]


@pytest.mark.parametrize("url", [
    # a link copied from a Google Doc, an Outlook mail, Facebook, LinkedIn; archived copies
    "https://www.google.com/url?q=https://www.example.com/news/2020/05/story&sa=D&usg=AOv",
    "https://www.google.co.uk/url?url=https%3A%2F%2Fexample.com%2Fnews%2F2020%2F05%2Fstory",
    "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.example.com%2F"
    "news%2F2020%2F05%2Fstory&data=05%7C01&reserved=0",
    "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.example.com%2Fnews%2F2020%2F05%2Fstory"
    "%3Ffbclid%3Dx&h=AT0",
    "https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fexample.com%2Fnews%2F2020%2F05"
    "%2Fstory&urlhash=x",
    "https://web.archive.org/web/20200506223000/https://www.example.com/news/2020/05/story",
    "https://web.archive.org/web/20200506223000id_/http://example.com/news/2020/05/story/",
    "https://archive.ph/https://www.example.com/news/2020/05/story",
    # one wrapper inside another
    "https://www.google.com/url?q=https://web.archive.org/web/2020/https://example.com/news/"
    "2020/05/story",
])
def test_a_redirect_or_archive_link_is_the_article_it_leads_to(url):
    # A journalist's pasted link (Google Docs rewrites every link to /url?q=) was "No
    # article has the URL" for an article the corpus holds.
    assert story_key(url) == BASE


def _google_news_id(address: bytes) -> str:
    """An old-form Google News article id: base64 of a protobuf message whose field 4 is
    the address (length as a varint) and field 26 its AMP twin (here empty)."""
    size, length = len(address), b""
    while True:
        length += bytes([(size & 0x7F) | (0x80 if size > 0x7F else 0)])
        size >>= 7
        if not size:
            break
    message = b"\x08\x13\x22" + length + address + b"\xd2\x01\x00"
    return base64.urlsafe_b64encode(message).decode().rstrip("=")


_QUOTED = quote("https://www.example.com/news/2020/05/story", safe="")


@pytest.mark.parametrize("url", [
    # an aggregator's feed: one article read through Bing News, Google News, Yahoo, ...
    f"https://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=x&url={_QUOTED}&c=1&mkt=en-us",
    "https://www.bing.com/ck/a?!&&p=9f0&u=a1" + base64.urlsafe_b64encode(
        b"https://www.example.com/news/2020/05/story").decode().rstrip("=") + "&ntb=1",
    f"https://r.search.yahoo.com/_ylt=AwrE/RV=2/RE=1700000000/RO=10/RU={_QUOTED}/RK=2/RS=x-",
    f"https://duckduckgo.com/l/?uddg={_QUOTED}&rut=8a1f",
    f"https://flipboard.com/redirect?url={_QUOTED}",
    f"https://m.facebook.com/l.php?u={_QUOTED}",
    f"http://news.google.com/news/url?sa=t&fd=R&ct2=us&url={_QUOTED}",
    "https://news.google.com/rss/articles/"
    + _google_news_id(b"https://www.example.com/news/2020/05/story") + "?oc=5",
    "https://news.google.com/articles/"
    + _google_news_id(b"https://www.example.com/news/2020/05/story/") + "?hl=en-US&gl=US",
    "https://news.google.com/read/" + _google_news_id(b"https://example.com/news/2020/05/story"),
])
def test_an_aggregators_link_is_the_article_it_leads_to(url):
    # A feed read through Bing or Google News made one article a node per link (and an
    # outlet's count the sum), and `related` answered a story with itself.
    assert story_key(url) == BASE


def test_a_google_news_id_of_a_long_address_reads_its_varint_length():
    address = "https://www.example.com/news/2020/05/" + "a-long-slug-" * 20
    url = "https://news.google.com/rss/articles/" + _google_news_id(address.encode())
    assert story_key(url) == story_key(address)


@pytest.mark.parametrize("url", [
    # what holds no http(s) address stays its own key, and never raises
    "https://news.google.com/rss/articles/" + _google_news_id(b"javascript:alert(1)"),
    "https://news.google.com/rss/articles/CBMiK0FVX3lxTE1SZ0ZhcXVfb3JxN1dMa2hfVDBvNWw?oc=5",
    "https://news.google.com/rss/articles/CBMi////" + "A" * 9,
    "https://news.google.com/rss/articles/" + _google_news_id(b"https://www.exam")[:-6],
    "https://news.google.com/topics/CAAqJggKIiBDQkFTRWdvSUwyMHZNRGx1YlY4U0FtVnVHZ0pWVXlnQVAB",
    "https://www.bing.com/ck/a?!&&p=9f0&u=a1!!not-base64&ntb=1",
    "https://www.bing.com/news/search?q=story&url=" + _QUOTED,
    "https://t.co/Ab12Cd34",
    "http://feedproxy.google.com/~r/example/news/~3/Xq9/story.htm",
])
def test_an_aggregators_link_that_holds_no_address_keeps_its_own_key(url):
    key = story_key(url)
    assert key != BASE
    assert key_host(key) in {"news.google.com", "bing.com", "t.co", "feedproxy.google.com"}


@pytest.mark.parametrize("url", [
    "https://www.google.com/search?q=https://www.example.com/news/2020/05/story",
    "https://www.linkedin.com/pulse/some-article",
    "https://www.facebook.com/story.php?u=1",
    "https://www.google.com/url?q=not-a-link",
])
def test_pages_of_those_hosts_that_lead_nowhere_keep_their_own_key(url):
    assert story_key(url) != BASE


@pytest.mark.parametrize("url", [
    "https://www.onlinekhabar.com/news.php?id=14521&ref=twitter",
    "https://www.onlinekhabar.com/news.php?ref=hackernews&id=14521",
    "https://www.onlinekhabar.com/news.php?id=14521&mibextid=Zxz2cZ",
])
def test_how_one_arrived_is_dropped_beside_an_articles_id(url):
    # A shared link to an article whose address is an id was refused by `related` and made a
    # second node of the article when another item listed it so.
    assert story_key(url) == "onlinekhabar.com/news.php?id=14521"


@pytest.mark.parametrize("url", SAME_STORY)
def test_variants_share_one_key(url):
    assert story_key(url) == BASE


def test_amp_html_ending_maps_to_html():
    assert story_key("https://www.x.com/a/story.amp.html") == "x.com/a/story.html"
    # Corriere's (and the RCS sites') AMP twin, a phone's share link, found nothing
    page = "https://roma.corriere.it/notizie/cronaca/24_maggio_20/incendio-f8a1b2c3d4.shtml"
    assert story_key(page.replace(".shtml", "_amp.shtml")) == story_key(page)
    assert story_key("https://x.com/a/story_amp.html") == "x.com/a/story.html"
    assert story_key("https://x.com/a/guitar-amp.html") == "x.com/a/guitar-amp.html"
    assert story_key("https://www.x.com/a/story.html") == "x.com/a/story.html"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.com/a", "https://example.com/b"),
        ("https://example.com/a", "https://other.com/a"),
        ("https://example.com/story?id=1", "https://example.com/story?id=2"),
        ("https://example.com/Story", "https://example.com/story"),  # paths are case-sensitive
        ("https://example.com:8080/a", "https://example.com/a"),  # a non-default port
        ("https://example.com/ampersand", "https://example.com/"),
        ("https://example.com/news/amplified", "https://example.com/news"),
        # cid is a campaign on some sites and the article's id on others: kept
        ("https://example.com/news/view.php?cid=1001", "https://example.com/news/view.php?cid=1002"),
        ("https://example.com/news/view.php?ref=1001", "https://example.com/news/view.php?ref=1002"),
        ("https://www.google.com/amp", "https://www.google.com/search"),
    ],
)
def test_different_stories_keep_different_keys(a, b):
    assert story_key(a) != story_key(b)


def test_query_parameters_are_sorted_and_kept():
    assert story_key("https://x.com/p?b=2&a=1") == story_key("https://x.com/p?a=1&b=2")
    assert story_key("https://x.com/p?b=2&a=1") == "x.com/p?a=1&b=2"


def test_percent_encoding_is_one_form():
    assert story_key("https://x.com/caf%C3%A9") == story_key("https://x.com/café")


def test_idn_hosts_use_punycode():
    assert story_key("https://www.bücher.de/a") == "xn--bcher-kva.de/a"
    assert story_key("https://xn--bcher-kva.de/a") == "xn--bcher-kva.de/a"


def test_host_key_keeps_two_label_hosts():
    # "m.co" is a domain, not a mobile prefix on "co".
    assert host_key("m.co") == "m.co"
    assert host_key("WWW.BBC.co.uk") == "bbc.co.uk"


@pytest.mark.parametrize(
    "url", ["", "ftp://x.com/a", "javascript:alert(1)", "not a url", "https://", None, 42]
)
def test_non_web_urls_are_refused(url):
    assert not is_web_url(url)
    if isinstance(url, str):
        with pytest.raises(ValueError):
            story_key(url)


def test_url_host():
    assert url_host("https://www.courthousenews.com/a/") == "courthousenews.com"
    assert url_host("mailto:a@b.c") == ""


def test_key_host():
    assert key_host("example.com:8080/a/b?c=1") == "example.com"
    assert key_host("example.com") == "example.com"


@pytest.mark.parametrize(("key", "other", "twin"), [
    ("bbc.com/news/x", "bbc.co.uk/news/x", True),  # another country domain of the site
    ("law360.com/articles/1/slug", "law360.com/articles/1", True),
    ("news.yahoo.com/x", "finance.yahoo.com/x", False),  # two newsrooms of one platform
    ("msn.com/en-us/ar-BB1", "reuters.com/article/x", False),  # another outlet's page
    ("a.com/x", "b.com/x", False),
    ("edition.cnn.com/2020/x", "cnn.com/2020/y", True),  # the site's own domain beside it
    # Same name, another site: only the same address on it is the page's twin.
    ("abc.es/sociedad/x.html", "abc.net.au/news/2020-05-06/a/123", False),
    ("independent.co.uk/news/x", "independent.ie/news/y", False),
    ("alice.blogspot.com/p", "bob.blogspot.com/p", False),  # two blogs of one platform
    ("atlantic.ctvnews.ca/couple-1.4927911",  # two hosts of one site, one article number
     "beta.ctvnews.ca/local/atlantic/2020/5/6/1_4927911.html", True),
    ("192.168.5.9/b/story2", "10.0.5.1/a/story", False),
])
def test_a_twin_is_a_page_of_the_same_site(key, other, twin):
    assert is_twin(key, other) is twin


def test_is_above():
    assert is_above("n.com/live/blog-1/post-2", "n.com/live/blog-1")
    assert not is_above("n.com/live/blog-12", "n.com/live/blog-1")
    assert not is_above("n.com/live/blog-1", "n.com/live/blog-1")
    assert is_above("cnn.com/live-news/x/h_7b7a", "cnn.com/live-news/x/index.html")
    assert not is_above("n.com/blog?mid=1", "n.com/blog")  # a query is no post of it
    assert is_above("edition.cnn.com/live-news/x/h_1", "cnn.com/live-news/x/index.html")


def test_site_name_of_a_host_under_a_country_suffix():
    assert [site_name(h) for h in ("bbc.co.uk", "www.bbc.com", "abc.net.au", "co.uk")] == [
        "bbc", "bbc", "abc", ""]


def test_site_domain():
    from graphx.urls import site_domain

    assert [site_domain(h) for h in ("uk.reuters.com", "news.bbc.co.uk", "bbc.co.uk",
                                     "abcnews.go.com", "localhost", "192.168.0.1")] == [
        "reuters.com", "bbc.co.uk", "bbc.co.uk", "go.com", "localhost", "192.168.0.1"]


@pytest.mark.parametrize(("url", "amp"), [
    ("https://amp.cnn.com/cnn/2020/05/06/us/x/index.html", True),
    ("https://www-a-com.cdn.ampproject.org/c/s/www.a.com/news/story", True),
    ("https://www.google.com/amp/s/www.a.com/x", True),
    ("https://a.com/news/amp/story", True),
    ("https://a.com/x.amp.html", True),
    ("https://a.com/x?amp=1", True),
    ("https://a.com/x?outputType=amp", True),
    ("https://www.cnn.com/2020/05/06/us/x/index.html", False),
    ("https://a.com/x?amp=2", False),  # kept by story_key: not an AMP switch
    ("https://a.com/champion/x", False),
    ("https://amp.dev/documentation", False),  # a site named amp
    ("https://ampersand.com/x", False),
    ("not a url", False),
])
def test_is_amp_says_which_addresses_are_amp_forms(url, amp):
    assert is_amp(url) is amp


def test_a_url_is_keyed_by_the_host_a_browser_opens():
    # A browser reads "\" as "/" in an http(s) URL: this opens evil.example.net, so it
    # must not be keyed (and merged) as Reuters' page.
    spoof = "https://evil.example.net\\@www.reuters.com/article/x-idUSKBN22J1TU"
    assert story_key(spoof) == "evil.example.net/@www.reuters.com/article/x-idUSKBN22J1TU"
    assert url_host(spoof) == "evil.example.net"
    assert story_key("https://www.reu\tters.com/a\nrticle/x") == "reuters.com/article/x"
    # Google's AMP viewer is on Google's own domains only.
    assert key_host(story_key("https://google.top/amp/s/www.reuters.com/x")) == "google.top"
    assert story_key("https://www.google.de/amp/s/www.reuters.com/x") == "reuters.com/x"
    assert story_key("https://google.com.au/amp/s/www.reuters.com/x") == "reuters.com/x"


@pytest.mark.parametrize("url", ["https://x.example.com\0/a", "https://x.example.com/a\ufffe",
                                 "https://x.example.com/\x01",
                                 # no browser opens these ports: they joined the default's
                                 "https://m.example.org:99999/a", "https://a.com:abc/x",
                                 # an IPv6 host: the README says it is no URL
                                 "http://[2001:db8::1]/a", "https://[::1]:8080/x"])
def test_a_url_holding_what_xml_cannot_is_no_web_url(url):
    assert not is_web_url(url)


@pytest.mark.parametrize(("key", "root"), [
    ("inquirer.com", True), ("a.com/index.html", True), ("a.com/default.aspx", True),
    ("a.com/news", False), ("a.com?p=123", False), ("a.com/news/index.html", False),
])
def test_is_site_root_names_home_pages(key, root):
    from graphx.urls import is_site_root

    assert is_site_root(key) is root


@pytest.mark.parametrize(("url", "key"), [
    # The New York Times' placement parameters, and share parameters of other sites.
    ("https://www.nytimes.com/2020/05/06/us/x.html?action=click&module=Top%20Stories"
     "&pgtype=Homepage", "nytimes.com/2020/05/06/us/x.html"),
    ("https://www.nytimes.com/2020/05/06/us/x.html?referringSource=articleShare",
     "nytimes.com/2020/05/06/us/x.html"),
    ("https://www.linkedin.com/pulse/x-123?trk=public_profile", "linkedin.com/pulse/x-123"),
    ("https://news.sky.com/story/x-123?dcmp=snt-sf-twitter", "news.sky.com/story/x-123"),
    # A gift link and a newsletter's link to a New York Times article; Yahoo's consent
    # page's mark (on every TechCrunch link opened through it); Twitter's share marks.
    ("https://www.nytimes.com/2026/09/14/us/x.html?unlocked_article_code=1.AbC.dEfG"
     "&smid=url-share", "nytimes.com/2026/09/14/us/x.html"),
    ("https://www.nytimes.com/2026/09/14/us/x.html?campaign_id=9&emc=edit_nn_20260915"
     "&instance_id=1&nl=the-morning&regi_id=123&segment_id=1&te=1&user_id=abc",
     "nytimes.com/2026/09/14/us/x.html"),
    ("https://techcrunch.com/2026/10/27/x/?guccounter=1", "techcrunch.com/2026/10/27/x"),
    ("https://twitter.com/user/status/123?s=20&t=abc", "twitter.com/user/status/123"),
    # YouTube's short form and its share parameters.
    ("https://youtu.be/Qm3kF9xLp2s", "youtube.com/watch?v=Qm3kF9xLp2s"),
    ("https://youtu.be/Qm3kF9xLp2s?t=30", "youtube.com/watch?v=Qm3kF9xLp2s"),
    ("https://www.youtube.com/watch?v=Qm3kF9xLp2s&feature=youtu.be&t=30s",
     "youtube.com/watch?v=Qm3kF9xLp2s"),
    # Names that are one site's tracking may be another's article: kept elsewhere.
    ("https://example.com/index.php?action=view&id=5", "example.com/index.php?action=view&id=5"),
    ("https://example.com/clip?t=30", "example.com/clip?t=30"),
])
def test_placement_and_share_parameters_are_dropped(url, key):
    assert story_key(url) == key


def test_a_host_is_read_from_a_key_whose_query_follows_it():
    # "https://hypebeast.com?post=5004685": its host was "hypebeast.com?post=5004685".
    from graphx.urls import key_host, url_host, without_userinfo

    assert url_host("https://hypebeast.com?post=5004685") == "hypebeast.com"
    assert key_host("ex.com:8080/a?b=1") == key_host("ex.com?b=1") == "ex.com"
    assert without_userinfo("https://a:b@ex.com/x@y") == "https://ex.com/x@y"
    assert without_userinfo("https://a.example\\@b.com/x") == "https://a.example/@b.com/x"
    assert without_userinfo("https://ex.com/?q=a@b") == "https://ex.com/?q=a@b"
