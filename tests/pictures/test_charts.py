"""Layout of the pictures, without a database."""

import datetime

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


def test_timeline_groups_by_year_in_date_order_and_flags_gaps():
    layout = charts.layout_timeline(
        [
            entry("late", 2023, month=6),
            entry("early", 2023, month=1),
            entry("old", 1988, "agreement", "mou"),
            entry("undated", None),
            entry("next", 1989, kind="test"),
        ]
    )
    assert [band.year for band in layout.bands] == [1988, 1989, 2023]
    assert [band.gap_before for band in layout.bands] == [False, False, True]
    assert [m.entry.name for m in layout.bands[2].marks] == ["early", "late"]
    assert [e.name for e in layout.undated] == ["undated"]
    assert layout.dated_count == 4
    # Marks never overlap: each is lower on the page than the one before.
    ys = [m.y for band in layout.bands for m in band.marks]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)
    assert layout.height > ys[-1]


def test_timeline_marks_kind_by_shape_and_legend_lists_only_shown_groups():
    layout = charts.layout_timeline(
        [entry("a", 2020, "agreement", "mou"), entry("t", 2021, kind="test")]
    )
    shapes = {m.entry.name: m.shape for band in layout.bands for m in band.marks}
    assert shapes == {"a": "square", "t": "triangle"}
    assert [group for group, _, _ in layout.legend] == ["agreement", "test"]
    assert charts.mark_group("event", "strategy") == "release"
    assert charts.mark_group("event", "ministerial") == "meeting"


def test_long_names_are_shortened_in_the_picture_only():
    name = "x" * 200
    layout = charts.layout_timeline([entry(name, 2020)])
    mark = layout.bands[0].marks[0]
    assert len(mark.label) == charts.LABEL_MAX and mark.label.endswith("…")
    assert mark.entry.name == name


def item(key):
    return charts.GraphItem(key=key, name=key.title(), url=f"/{key}/")


def test_graph_joins_the_area_to_its_entries_and_entries_to_agencies():
    graph = charts.layout_technology_graph(
        item("tech"),
        [item("agreement-1")],
        [item("event-1")],
        [item("agency-1")],
        [("agreement-1", "agency-1"), ("event-1", "agreement-1"), ("event-1", "missing")],
    )
    pairs = {(e.source.key, e.target.key) for e in graph.edges}
    assert pairs == {
        ("tech", "agreement-1"),
        ("tech", "event-1"),
        ("agreement-1", "agency-1"),
        ("event-1", "agreement-1"),
    }
    words = {node.key: [o.key for o in joined] for node, joined in graph.connections()}
    assert words == {"agreement-1": ["agency-1"], "event-1": ["agreement-1"]}
    same_column = next(e for e in graph.edges if e.source.key == "event-1")
    assert same_column.path.startswith("M") and " Q" in same_column.path


def test_graph_caps_each_column_and_counts_what_it_left_out():
    many = [item(f"agreement-{i}") for i in range(charts.GRAPH_MAX_PER_COLUMN + 5)]
    graph = charts.layout_technology_graph(item("tech"), many, [], [], [])
    assert len(graph.columns[0][2]) == charts.GRAPH_MAX_PER_COLUMN
    assert graph.hidden["agreements and events"] == 5
    assert graph.hidden_total == 5
