"""What the public sees, found generically so routes added later are covered too.

`public_routes()` walks the URL resolver for the `cooperation` namespace;
`public_urls()` turns each route into addresses using the test's own entities,
and adds the JSON and CSV twins of the pages that answer them.
`build_entities()` makes one row of every model of the app with every text field
filled from a callable, so the tests do not have to know each model.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from cooperation.models import CITABLE, Citation, PublicationStatus

APP = "cooperation"
# Long text reads "<text> Cited: <text>"; citations quote the second half.
CITED = "Cited: "
FORMATS = ("json", "csv")


@dataclass(frozen=True)
class Route:
    name: str  # "cooperation:agreement-detail"
    template: str  # "agreements/<slug:slug>/"
    params: tuple[tuple[str, str], ...]  # (keyword, converter class name)

    def fill(self, values: dict[str, str]) -> str:
        """The path with each parameter replaced by its (percent-encoded) value."""
        path = self.template
        for key, _ in self.params:
            path = re.sub(rf"<(?:\w+:)?{key}>", quote(values[key], safe=""), path)
        return "/" + path


def public_routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, prefix: str, inside: bool) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    inside or pattern.app_name == APP,
                )
            elif isinstance(pattern, URLPattern) and inside and pattern.name:
                converters = getattr(pattern.pattern, "converters", None)
                if converters is None:  # re_path: named groups are plain strings
                    converters = dict.fromkeys(pattern.pattern.regex.groupindex, str)
                params = tuple(
                    (key, getattr(conv, "__name__", type(conv).__name__))
                    for key, conv in converters.items()
                )
                found.append(Route(f"{APP}:{pattern.name}", prefix + str(pattern.pattern), params))

    walk(get_resolver().url_patterns, "/", False)
    # Templates were built with a leading "/" from the root resolver.
    return [Route(r.name, r.template.lstrip("/"), r.params) for r in found]


def public_models() -> list[type[models.Model]]:
    return [m for m in apps.get_app_config(APP).get_models() if _has_status(m)]


def _has_status(model) -> bool:
    return any(f.name == "publication_status" for f in model._meta.fields)


def _models_for_route(route: Route, instances: list[models.Model]) -> list[models.Model]:
    """Entities whose model the route's name mentions (agreement-detail → agreements)."""
    name = route.name.split(":")[-1]
    matching = [
        obj for obj in instances if obj._meta.model_name in name.replace("-", "").replace("_", "")
    ]
    return matching or instances


def _candidates(kind: str, objs: list[models.Model]) -> list[str]:
    if kind in {"IntConverter", "int"}:
        values = {str(obj.pk) for obj in objs}
        for obj in objs:
            for field in obj._meta.fields:
                value = getattr(obj, field.attname, None)
                if isinstance(value, datetime.date):
                    values.add(str(value.year))
        return sorted(values)
    return [obj.slug for obj in objs if getattr(obj, "slug", None)]


def route_urls(route: Route, instances: list[models.Model]) -> list[str]:
    if not route.params:
        return [reverse(route.name)]
    objs = _models_for_route(route, instances)
    choices = [_candidates(kind, objs) for _, kind in route.params]
    urls = []
    for combo in itertools.islice(itertools.product(*choices), 200):
        try:
            urls.append(
                reverse(
                    route.name, kwargs=dict(zip([k for k, _ in route.params], combo, strict=True))
                )
            )
        except NoReverseMatch:
            continue
    return urls


def public_urls(
    client: Client, instances: list[models.Model], queries: list[str] = ()
) -> list[str]:
    """Every address that answers 200 to an anonymous visitor, with its format twins.

    `queries` are search strings tried on each route without path parameters
    (search, lists, feeds), so snippets and filters are exercised too.
    """
    urls: list[str] = []
    for route in public_routes():
        for url in route_urls(route, instances):
            bases = [url]
            if not route.params:
                bases += [f"{url}?{urlencode({'q': q})}" for q in queries]
            for base in bases:
                if client.get(base).status_code != 200:
                    continue
                urls.append(base)
                joiner = "&" if "?" in base else "?"
                for fmt in FORMATS:
                    twin = f"{base}{joiner}format={fmt}"
                    if client.get(twin).status_code == 200:
                        urls.append(twin)
    return urls


def body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", "replace")  # pictures are bytes


# --- building entities ---------------------------------------------------------------


def _value(field: models.Field, text: str, url: str, slug: str, status: str):
    if field.name == "publication_status":
        return status
    if isinstance(field, models.SlugField):
        return slug[: field.max_length]
    if field.choices:
        # A real choice even where blank is allowed: a date needs its precision.
        return field.choices[0][0]
    if isinstance(field, models.URLField):
        if field.model._meta.model_name == "reference" and not url.startswith(("http:", "https:")):
            # A reference's address must be http(s) (a database constraint): the payload
            # rides in its query string instead.
            return f"https://example.org/?{url}"[: field.max_length]
        return url[: field.max_length]
    if isinstance(field, models.EmailField):
        return "curator@example.org"
    if isinstance(field, models.TextField):
        # Text before the cited passage as well as in it: pages render the two apart.
        return f"{text} {CITED}{text}"
    if isinstance(field, models.CharField):
        return text[: field.max_length] if field.max_length else text
    if isinstance(field, models.JSONField):
        return [text, text[::-1]]
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        # Dated even where a date is optional, so the rows reach the timeline's marks.
        return datetime.date(2020, 1, 1)
    if isinstance(field, models.BooleanField):
        return None if field.null else field.get_default()
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
        return 1
    raise AssertionError(
        f"tests/prod/surfaces.py cannot fill {field.model.__name__}.{field.name} "
        f"({type(field).__name__}); teach _value() about it"
    )


def build_entities(
    text: str, url: str, prefix: str, status: str = PublicationStatus.PUBLISHED
) -> list[models.Model]:
    """One saved row per model of the app (relations linked to each other), plus citations."""
    made: dict[type, models.Model] = {}
    # The search index and the page cache's version are derived from the content, not content.
    pending = [
        m
        for m in apps.get_app_config(APP).get_models()
        if m is not Citation
        and m.__module__ not in ("cooperation.models.search", "cooperation.models.versions")
    ]
    while pending:
        progress = False
        for model in list(pending):
            kwargs = {}
            ready = True
            for field in model._meta.concrete_fields:
                if field.primary_key or getattr(field, "auto_now", False):
                    continue
                if getattr(field, "auto_now_add", False):
                    continue
                if field.is_relation:
                    target = field.related_model
                    if field.null or target is model:
                        continue
                    if target not in made:
                        ready = False
                        break
                    kwargs[field.name] = made[target]
                    continue
                kwargs[field.name] = _value(
                    field, text, url, f"{prefix}-{model._meta.model_name}", status
                )
            if ready:
                made[model] = model.objects.create(**kwargs)
                pending.remove(model)
                progress = True
        assert progress, f"cannot build {pending}: unresolved required relations"
    for model, obj in made.items():
        for field in model._meta.many_to_many:
            if field.related_model in made and field.related_model is not model:
                getattr(obj, field.name).add(made[field.related_model])
        for field in model._meta.concrete_fields:
            # Optional relations to other models are linked too, so related lists show them.
            related = field.related_model
            if field.is_relation and field.null and related in made and related is not model:
                setattr(obj, field.name, made[related])
        obj.save()
    source = next(obj for obj in made.values() if obj._meta.model_name == "source")
    reference = next(obj for obj in made.values() if obj._meta.model_name == "reference")
    for target in CITABLE:
        Citation.objects.create(
            source=source, quote=f"{CITED}{text}"[:600], **{target: made_by_name(made)[target]}
        )
        # And the other tier (issue 14): a claim of a reference, shown on the same pages.
        Citation.objects.create(
            reference=reference,
            claim=f"{CITED}{text}"[:600],
            **{target: made_by_name(made)[target]},
        )
    return list(made.values())


def made_by_name(made: dict) -> dict[str, models.Model]:
    return {model._meta.model_name: obj for model, obj in made.items()}
