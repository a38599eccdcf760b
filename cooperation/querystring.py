"""The one way Python builds query strings (templates use Django's `{% querystring %}`).

`query_string(params, ...)` is the current parameters with some dropped, some set,
one value added or removed; the order of what is kept never changes, so a link
differs from the page it is on only by what it changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from django.http import QueryDict


def query_string(
    params: QueryDict,
    *,
    drop: Iterable[str] = (),
    only: Iterable[str] | None = None,
    keep_blank: bool = True,
    set: Mapping[str, object] | None = None,
    add: tuple[str, str] | None = None,
    remove: tuple[str, str] | None = None,
) -> str:
    """`params` encoded, less the names in `drop` (or all but `only`) and blank values
    unless `keep_blank`. Each of `set` replaces a parameter's values in place (a value
    or a list; None drops it); `remove` drops one (name, value); `add` appends one
    (name, value) at the end."""
    dropped, kept_names = frozenset(drop), None if only is None else frozenset(only)
    changed = {pair for pair in (add, remove) if pair}
    items: list[tuple[str, str]] = []
    for name, values in params.lists():
        if name in dropped or (kept_names is not None and name not in kept_names):
            continue
        for value in values:
            if (keep_blank or value.strip()) and (name, value) not in changed:
                items.append((name, value))
    for name, value in (set or {}).items():
        at = next((i for i, (n, _) in enumerate(items) if n == name), len(items))
        items = [item for item in items if item[0] != name]
        values = value if isinstance(value, list | tuple) else [] if value is None else [value]
        items[at:at] = [(name, str(v)) for v in values]
    if add is not None:
        items.append(add)
    return urlencode(items)


def with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


# Parameters that change how a list is shown, not which entries it holds.
PRESENTATION_PARAMETERS = ("page", "format", "sort", "per_page", "view")


def filter_query(params: QueryDict, names: Iterable[str] | None = None) -> str:
    """The filters of a list URL, without the parameters that only change its display
    and without blank ones (a form's "Any"); only `names` when given."""
    return query_string(params, drop=PRESENTATION_PARAMETERS, only=names, keep_blank=False)
