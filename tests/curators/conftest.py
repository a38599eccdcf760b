"""A real curator (in the Curators group, not a superuser) and posting admin forms."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, User
from django.forms import ModelMultipleChoiceField, NullBooleanSelect
from django.test import Client

PASSWORD = "a-long-curator-pass-phrase"


def make_curator(username: str = "curator") -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


@pytest.fixture
def curator(db) -> User:
    return make_curator()


@pytest.fixture
def curator_client(curator) -> Client:
    client = Client()
    assert client.login(username=curator.username, password=PASSWORD)
    return client


def _post_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _add_form(data: dict, form) -> None:
    for bound in form:
        if isinstance(bound.field.widget, NullBooleanSelect):
            # A yes/no/unknown select posts "true", "false" or "unknown", not a checkbox's "on".
            data[bound.html_name] = bound.field.widget.format_value(bound.value())
            continue
        if isinstance(bound.field, ModelMultipleChoiceField) and not bound.value():
            continue  # an empty multiple select posts nothing
        value = _post_value(bound.value())
        if value is not None:
            data[bound.html_name] = value


def form_data(response, **changes) -> dict:
    """The data a browser would post back from an admin add/change page, with changes."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    data.update(changes)
    return data


class _FormFields(HTMLParser):
    """The fields a browser posts from each <form> of a page: [(name, value)] per form."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append([])
        elif tag == "input" and self.forms and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "checkbox" and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "image", "file"}:
                default = "on" if kind == "checkbox" else ""
                self.forms[-1].append((attrs["name"], attrs.get("value") or default))
        elif tag == "textarea" and self.forms and attrs.get("name"):
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the newline that opens a textarea's content.
            self.forms[-1].append((name, text.removeprefix("\n")))
            self._textarea = None


def tick_rows(response, ticked: dict[str, str | None]) -> dict:
    """What the page's rows formset (mentions, upgrade) posts with these rows ticked.

    `ticked` maps a row's key to the passage typed in its box, or None to keep the one
    shown. The data is read from the page's own HTML: its management form, each row's
    hidden key and passage, so a test posts what a browser would.
    """
    parser = _FormFields()
    parser.feed(response.content.decode())
    (fields,) = [f for f in parser.forms if any(n.endswith("-TOTAL_FORMS") for n, _ in f)]
    data = dict(fields)
    rows = {value: name.removesuffix("-key") for name, value in fields if name.endswith("-key")}
    for key, passage in ticked.items():
        data[f"{rows[key]}-chosen"] = "on"
        if passage is not None:
            data[f"{rows[key]}-quote"] = passage
    return data


@pytest.fixture(name="tick_rows")
def tick_rows_fixture():
    """tick_rows(page, {key: passage or None}): what the page's rows formset posts."""
    return tick_rows


@pytest.fixture
def curator_password() -> str:
    return PASSWORD


@pytest.fixture(name="form_data")
def form_data_fixture():
    """form_data(response, **changes): what the page's form posts back."""
    return form_data


@pytest.fixture
def second_curator_client(db) -> Client:
    """Another curator, in their own browser."""
    client = Client()
    user = make_curator("second-curator")
    assert client.login(username=user.username, password=PASSWORD)
    return client


def pytest_terminal_summary(terminalreporter, config):
    """Mention matching's precision and recall, in the test output (issue 17)."""
    for line in getattr(config, "mention_matching_report", []):
        terminalreporter.write_line(line)
