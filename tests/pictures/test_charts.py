"""Layout of the pictures, without a database."""

import datetime
import itertools
import re

from cooperation import charts


def entry(name, year, entry_type="event", kind="summit", month=1):
    date = datetime.date(year, month, 1) if year else None
    return charts.TimelineEntry(
        entry_type=entry_type,
        kind=kind,
        kind_label=kind.title(),
        name=name,
        url=f"/x/{name}/",
        date=date,
        date_display=str(year or ""),
    )


def test_timeline_groups_by_year_in_date_order_and_breaks_the_axis_at_gaps():
    layout = charts.layout_timeline(
        [
            entry("late", 2023, month=6),
            entry("early", 2023, month=1),
            entry("old", 1988, "agreement", "mou"),
            entry("undated", None),
            entry("next", 1989, kind="test"),
            entry("after a year", 2025),
        ]
    )
    assert [band.year for band in layout.bands] == [1988, 1989, 2023, 2025]
    assert [m.entry.name for m in layout.bands[2].marks] == ["early", "late"]
    assert [e.name for e in layout.undated] == ["undated"]
    assert layout.dated_count == 5
    assert [gap.text for gap in layout.gaps] == ["No entries in 1990–2022", "No entries in 2024"]
    # Each gap sits between the bands it separates, and the solid axis stops there.
    first_gap = layout.gaps[0]
    assert layout.bands[1].y + layout.bands[1].height == first_gap.y
    assert first_gap.bottom == layout.bands[2].y
    assert (layout.bands[1].y + layout.bands[1].height, first_gap.bottom) not in [
        (top, bottom) for top, bottom in layout.axis_segments()
    ]
    assert len(layout.axis_segments()) == 3
    # Alternate bands are tinted, so neighbouring years read as separate groups.
    assert [band.shaded for band in layout.bands] == [True, False, True, False]


def test_timeline_rows_never_overlap_and_fit_the_picture():
    names = ["A short one", "x" * 30 + " " + "word " * 40, "Medium length name of an event"]
    layout = charts.layout_timeline([entry(n, 2020, month=i + 1) for i, n in enumerate(names)])
    marks = [m for band in layout.bands for m in band.marks]
    for above, below in itertools.pairwise(marks):
        assert above.top + above.height <= below.top
    assert marks[-1].top + marks[-1].height < layout.height
    for mark in marks:
        # The label's lines fit between the mark and the right edge.
        for line in mark.lines:
            assert mark.label_x + charts.text_width(line, charts.LABEL_SIZE) <= layout.width
        # Every line has its own row height: wrapped labels push the next mark down.
        assert mark.height == charts.ROW_HEIGHT + (len(mark.lines) - 1) * charts.LINE_HEIGHT


def test_timeline_marks_kind_by_shape_and_legend_lists_only_shown_groups():
    layout = charts.layout_timeline(
        [entry("a", 2020, "agreement", "mou"), entry("t", 2021, kind="test")]
    )
    shapes = {m.entry.name: m.shape for band in layout.bands for m in band.marks}
    assert shapes == {"a": "square", "t": "triangle"}
    assert [group for group, _, _ in layout.legend] == ["agreement", "test"]
    assert charts.mark_group("event", "strategy") == "release"
    assert charts.mark_group("event", "ministerial") == "meeting"


def test_long_names_wrap_then_shorten_in_the_picture_only():
    name = "Memorandum of Understanding for Research, Development, Test and Evaluation " * 3
    layout = charts.layout_timeline([entry(name, 2020)])
    mark = layout.bands[0].marks[0]
    assert len(mark.lines) == charts.LABEL_LINES
    assert mark.lines[-1].endswith("…")
    assert mark.label.startswith("Memorandum of Understanding for Research")
    assert mark.entry.name == name
    short = charts.layout_timeline([entry("Quad summit", 2020)]).bands[0].marks[0]
    assert short.lines == ["Quad summit"]


def test_fit_measures_text_and_cuts_at_a_word():
    assert charts.text_width("MMMM", 10) > charts.text_width("iiii", 10)
    assert charts.fit("Short", 200, 13) == "Short"
    cut = charts.fit("Joint Working Level Committee meeting in Tokyo", 150, 13)
    assert cut.endswith("…") and charts.text_width(cut, 13) <= 150
    assert cut[:-1] in "Joint Working Level Committee meeting in Tokyo"
    assert not cut[:-1].endswith(" ")
    # Wide (CJK) characters count as wide, so they are cut sooner.
    assert charts.text_width("日本", 10) > charts.text_width("ab", 10)


def test_short_label_keeps_a_trailing_acronym():
    name = "Ministry of Education, Culture, Sports, Science and Technology (MEXT)"
    label = charts.short_label(name, 200)
    assert label.endswith("… (MEXT)") and label.startswith("Ministry of")
    assert charts.text_width(label, charts.GRAPH_LABEL_SIZE) <= 200
    assert charts.short_label("White House", 200) == "White House"


def item(key, name=None):
    return charts.GraphItem(key=key, name=name or key.title(), url=f"/{key}/")


def test_graph_joins_entries_to_agencies_and_events_to_agreements():
    graph = charts.layout_technology_graph(
        [item("agreement-1")],
        [item("event-1")],
        [item("agency-1")],
        [("agreement-1", "agency-1"), ("event-1", "agreement-1"), ("event-1", "missing")],
    )
    pairs = {(e.source.key, e.target.key, e.kind) for e in graph.edges}
    assert pairs == {("agreement-1", "agency-1", "party"), ("event-1", "agreement-1", "involves")}
    words = {node.key: [o.key for o in joined] for node, joined in graph.connections()}
    assert words == {"agreement-1": ["agency-1"], "event-1": ["agreement-1"]}
    assert graph.has_involves and graph.kinds_shown == {"agreement", "event", "agency"}


def test_graph_lines_stay_between_the_columns_and_labels_fit():
    long = "A very long name of an agreement that goes on and on (LONG-ACRONYM)"
    agreements = [item(f"agreement-{i}", long) for i in range(5)]
    agencies = [item(f"agency-{i}", long) for i in range(2)]
    links = [(f"agreement-{i}", f"agency-{i % 2}") for i in range(5)] + [
        ("agreement-1", "agreement-3")
    ]
    graph = charts.layout_technology_graph(agreements, [], agencies, links)
    for edge in graph.edges:
        xs = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", edge.path)[0::2]]
        assert all(charts.GRAPH_LEFT_X <= x <= charts.GRAPH_RIGHT_X for x in xs), edge.path
    for node in graph.entries:  # labels end at the node and start inside the picture
        assert node.label_anchor == "end"
        assert node.label_x - charts.text_width(node.label, charts.GRAPH_LABEL_SIZE) >= 0
    for node in graph.agencies:
        assert node.label_anchor == "start"
        width = charts.text_width(node.label, charts.GRAPH_LABEL_SIZE)
        assert node.label_x + width <= graph.width
    # The shorter column is centred against the longer one.
    middle = sum(n.y for n in graph.entries) / len(graph.entries)
    assert sum(n.y for n in graph.agencies) / len(graph.agencies) == middle


def test_graph_caps_each_column_and_counts_what_it_left_out():
    many = [item(f"agreement-{i}") for i in range(charts.GRAPH_MAX_PER_COLUMN + 5)]
    graph = charts.layout_technology_graph(many, [], [], [])
    assert len(graph.entries) == charts.GRAPH_MAX_PER_COLUMN
    assert graph.hidden["agreements and events"] == 5
    assert graph.hidden_total == 5


def test_stacked_bar_scales_every_row_to_the_largest():
    largest = charts.stacked_bar([("agreements", 2), ("events", 6)], 8)
    assert [(s.part, s.x, s.width) for s in largest] == [
        ("agreements", 0, 40.0),
        ("events", 40.0, 120.0),
    ]
    half = charts.stacked_bar([("agreements", 0), ("events", 4)], 8)
    assert [(s.part, s.width) for s in half] == [("events", 80.0)]
    assert charts.stacked_bar([("events", 0)], 0) == []
