"""Tags of the pictures; the data behind them is computed by the views.

{% load pictures %}
{% technology_graph graph technology %}   the SVG picture of an area's connections
"""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("pictures/_technology_graph.html")
def technology_graph(graph, technology) -> dict:
    return {"graph": graph, "technology": technology}
