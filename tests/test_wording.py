"""How counts and durations are said: exact strings."""

import pytest

from graphx.wording import count_noun, readable_span, time_apart


@pytest.mark.parametrize(("hours", "text"), [
    (0.25, "15 min"), (1, "1 h"), (5.5, "5.5 h"), (47.9, "47.9 h"), (72, "3 days"),
    (80, "3.3 days"),
])
def test_readable_span(hours, text):
    assert readable_span(hours) == text


@pytest.mark.parametrize(("n", "word", "plural", "text"), [
    (1, "story", "stories", "1 story"), (2, "story", "stories", "2 stories"),
    (2000, "topic", "", "2,000 topics"), (0, "file", "", "0 files"),
])
def test_count_noun(n, word, plural, text):
    assert count_noun(n, word, plural) == text


@pytest.mark.parametrize(("hours", "text"), [
    (0.4, "published within the hour"), (-0.9, "published within the hour"),
    (3, "published 3 hours later"), (-1, "published 1 hour earlier"),
    (23.4, "published 23 hours later"), (23.6, "published 1 day later"),
    (-50, "published 2 days earlier"),
])
def test_time_apart(hours, text):
    assert time_apart(hours) == text


def test_names_are_said_as_a_list_is():
    # "first reported by A and B and C" read as a slip in a sentence meant to be quoted.
    from graphx.wording import and_list

    assert [and_list(x) for x in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == [
        "", "A", "A and B", "A, B and C"]
