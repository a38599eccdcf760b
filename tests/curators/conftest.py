"""A real curator (in the Curators group, not a superuser) and posting admin forms."""

import datetime

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
