from datetime import date

from orchestration.chronology import ChronologyEvent, render_html


def event(day: date, sentence: str) -> ChronologyEvent:
    return ChronologyEvent(day, day, day.isoformat(), day.strftime("%d %B %Y"), sentence, "a <b>.txt")


def test_page_lists_events_in_the_given_order_and_escapes_text() -> None:
    page = render_html(
        "Chronology: Kim & co",
        [event(date(2023, 9, 13), "Putin <met> Kim."), event(date(2025, 12, 1), "A report came out.")],
    )
    assert "<title>Chronology: Kim &amp; co</title>" in page
    assert "Putin &lt;met&gt; Kim." in page and "a &lt;b&gt;.txt" in page
    assert page.index("2023-09-13") < page.index("2025-12-01")
    assert page.count("<rect") == 2  # one mark per event on the axis
    assert ">2024<" in page and ">2025<" in page  # year ticks between the ends


def test_empty_chronology_says_so() -> None:
    page = render_html("Chronology: nobody", [])
    assert "No dated events." in page and "<svg" not in page
