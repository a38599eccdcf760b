"""The admin as a curator sees it: every model's pages, permissions, and createcurator."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from cooperation.models import Agency, Agreement, Citation, Event, Source, Technology

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model_name", "expected"),
    [
        ("source", ["Title", "Publisher", "Citations", "By publication status"]),
        ("agency", ["Acronym", "Country", "DARPA", "By country", "By level"]),
        ("technology", ["Parent", "Hypersonics", "By level"]),
        ("agreement", ["Kind", "Legally binding", "Signed", "By kind"]),
        ("event", ["Kind", "Date", "Location", "By kind"]),
        ("citation", ["Quote", "Cites a", "By source"]),
    ],
)
def test_every_list_shows_useful_columns_and_facet_counts(
    seed_data, curator_client, model_name, expected
):
    response = curator_client.get(reverse(f"admin:cooperation_{model_name}_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in expected:
        assert text in html, text
    # Facet counts next to each filter choice, e.g. "Japan (13)".
    filters = html[html.index('id="changelist-filter"') :]
    assert re.search(r"<a href=\"\?[^\"]+\">[^<]+ \(\d+\)</a>", filters)
    if model_name != "citation":
        assert "Publish selected" in html


def test_search_finds_an_agency_by_acronym_and_alias(seed_data, curator_client):
    url = reverse("admin:cooperation_agency_changelist")
    by_acronym = curator_client.get(url, {"q": "ATLA"}).content.decode()
    assert "Acquisition, Technology &amp; Logistics Agency" in by_acronym
    by_alias = curator_client.get(url, {"q": "Japan Digital Agency"}).content.decode()
    assert "Digital Agency" in by_alias
    assert "Atlantic Council" not in by_alias


def test_relations_are_picked_by_autocomplete(seed_data, curator_client):
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "cooperation",
            "model_name": "agreement",
            "field_name": "parties",
            "term": "ATLA",
        },
    )
    assert response.status_code == 200
    names = [r["text"] for r in response.json()["results"]]
    assert "Acquisition, Technology & Logistics Agency (ATLA)" in names


def test_autocomplete_offers_the_entry_by_its_name_first(seed_data, curator_client):
    """Typing an acronym offers that entry first, not entries whose description mentions it."""
    params = {
        "app_label": "cooperation",
        "model_name": "event",
        "field_name": "participants",
        "term": "DARPA",
    }
    names = [
        r["text"]
        for r in curator_client.get(reverse("admin:autocomplete"), params).json()["results"]
    ]
    assert names == ["Defense Advanced Research Projects Agency (DARPA)"]
    params["term"] = "Pentagon"  # an alias
    names = [
        r["text"]
        for r in curator_client.get(reverse("admin:autocomplete"), params).json()["results"]
    ]
    assert names == ["U.S. Department of Defense (DOD)"]
    params["term"] = "ministry"
    names = [
        r["text"]
        for r in curator_client.get(reverse("admin:autocomplete"), params).json()["results"]
    ]
    assert names[0].startswith("Ministry of")  # names starting with the term first
    # The list's own search still looks in descriptions.
    html = curator_client.get(
        reverse("admin:cooperation_agency_changelist"), {"q": "DARPA"}
    ).content.decode()
    assert "ATLA research and development organization (planned)" in html


def test_citations_are_filtered_by_the_kind_of_entry_and_found_by_its_name(
    seed_data, curator_client
):
    url = reverse("admin:cooperation_citation_changelist")
    html = curator_client.get(url).content.decode()
    agencies = Citation.objects.filter(agency__isnull=False).count()
    assert f"agency ({agencies})</a>" in html
    # Found by the cited entry's acronym, even where the quote does not say it.
    mhi = Citation.objects.filter(agency__acronym="MHI")
    assert mhi.exclude(quote__contains="MHI").exists()
    html = curator_client.get(url, {"cites": "agency", "q": "MHI"}).content.decode()
    for citation in mhi:
        assert reverse("admin:cooperation_citation_change", args=[citation.pk]) in html
    assert 'field-cited_type">technology<' not in html


def test_change_page_edits_date_with_precision_and_shows_related_read_only(
    seed_data, curator_client
):
    atla = Agency.objects.get(acronym="ATLA")
    html = curator_client.get(
        reverse("admin:cooperation_agency_change", args=[atla.pk])
    ).content.decode()
    assert "Party to agreements" in html
    for agreement in atla.agreements.all():
        assert str(agreement).replace("&", "&amp;") in html
    assert "View on site" in html
    assert 'name="citations-0-quote"' in html  # citations inline
    assert "History" in html

    event = Event.objects.exclude(date=None).first()
    html = curator_client.get(
        reverse("admin:cooperation_event_change", args=[event.pk])
    ).content.decode()
    # The date and its precision sit side by side in one row.
    assert 'class="form-row field-date field-date_precision' in html or (
        "field-date_precision" in html and 'name="date"' in html
    )


def test_add_page_prepopulates_the_slug(curator_client):
    html = curator_client.get(reverse("admin:cooperation_technology_add")).content.decode()
    assert "prepopulated_fields" in html or "data-prepopulated-field" in html
    assert "saved as a <strong>draft</strong>" in html


def test_curators_cannot_manage_users(curator_client):
    for url in (
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_group_changelist"),
    ):
        assert curator_client.get(url).status_code == 403
    index = curator_client.get(reverse("admin:index")).content.decode()
    assert "Sources" in index and "Agencies" in index
    assert "Users" not in index


def test_curators_group_comes_from_the_migration(db):
    codenames = set(
        Group.objects.get(name="Curators").permissions.values_list("codename", flat=True)
    )
    for model in ("source", "agency", "technology", "agreement", "event"):
        assert {f"view_{model}", f"add_{model}", f"change_{model}", f"publish_{model}"} <= (
            codenames
        )
    assert not any(c.endswith(("_user", "_group", "_permission")) for c in codenames)


# createcurator ------------------------------------------------------------------


def test_createcurator_reads_the_password_from_the_environment(
    db, monkeypatch, client, curator_password
):
    monkeypatch.setenv("CURATOR_PASSWORD", curator_password)
    call_command("createcurator", "hanako", verbosity=0)
    user = User.objects.get(username="hanako")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Curators"]
    assert client.login(username="hanako", password=curator_password)
    assert client.get(reverse("admin:cooperation_source_add")).status_code == 200


def test_createcurator_prompts_for_the_password(db, monkeypatch, curator_password):
    monkeypatch.delenv("CURATOR_PASSWORD", raising=False)
    answers = iter([curator_password, curator_password])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("createcurator", "taro", verbosity=0)
    assert User.objects.get(username="taro").check_password(curator_password)


@pytest.mark.parametrize(
    ("env", "answers", "message"),
    [
        ("", None, "CURATOR_PASSWORD is set but empty"),
        (None, ["", ""], "The password is empty"),
        (None, ["a-long-curator-pass-phrase", "something else"], "The two passwords differ"),
        ("123", None, "The password is refused"),
    ],
    ids=["empty-env", "empty-prompt", "mismatch", "too-weak"],
)
def test_createcurator_refuses_a_bad_password(db, monkeypatch, env, answers, message):
    if env is None:
        monkeypatch.delenv("CURATOR_PASSWORD", raising=False)
        replies = iter(answers)
        monkeypatch.setattr("getpass.getpass", lambda prompt="": next(replies))
    else:
        monkeypatch.setenv("CURATOR_PASSWORD", env)
    with pytest.raises(CommandError, match=message):
        call_command("createcurator", "jiro", verbosity=0)
    assert not User.objects.filter(username="jiro").exists()


def test_createcurator_refuses_an_existing_user(curator, monkeypatch, curator_password):
    monkeypatch.setenv("CURATOR_PASSWORD", curator_password)
    with pytest.raises(CommandError, match="already exists"):
        call_command("createcurator", curator.username, verbosity=0)


def test_every_content_model_is_in_the_admin(curator_client):
    for model in (Source, Agency, Technology, Agreement, Event):
        url = reverse(f"admin:cooperation_{model._meta.model_name}_add")
        assert curator_client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("username", "email", "message"),
    [
        ("", "", "The username is empty."),
        ("   ", "", "The username is empty."),
        ("no spaces allowed", "", "username: Enter a valid username"),
        ("x" * 151, "", "username: Ensure this value has at most 150 characters"),
        ("hanako", "not-an-address", "email: Enter a valid email address."),
    ],
    ids=["empty", "blank", "bad-characters", "too-long", "bad-email"],
)
def test_createcurator_refuses_bad_input_and_creates_nothing(
    db, monkeypatch, curator_password, username, email, message
):
    monkeypatch.setenv("CURATOR_PASSWORD", curator_password)
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("createcurator", username, email=email, verbosity=0)
    assert not User.objects.exists()


def test_createcurator_refuses_a_name_differing_only_in_case(
    curator, monkeypatch, curator_password
):
    monkeypatch.setenv("CURATOR_PASSWORD", curator_password)
    with pytest.raises(CommandError, match="A user named 'CURATOR' already exists"):
        call_command("createcurator", "CURATOR", verbosity=0)
    assert list(User.objects.values_list("username", flat=True)) == ["curator"]


def test_createcurator_fails_with_a_non_zero_exit_code(db, tmp_path):
    """Run as a script would: the error on stderr, exit status 1."""
    env = {k: v for k, v in os.environ.items() if k != "CURATOR_PASSWORD"}
    result = subprocess.run(
        [sys.executable, "manage.py", "createcurator", " ", "--no-input"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "CommandError: The username is empty." in result.stderr


def test_make_run_prints_a_createcurator_command_that_works(db):
    """`make run` tells how to get into the admin; the command it prints must run as printed."""
    dry_run = subprocess.run(
        ["make", "-n", "run"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    hint = next(line for line in dry_run.stdout.splitlines() if "createcurator" in line)
    assert "/admin/" in hint
    command = re.search(r"create a login: (.+?)\)", hint).group(1)
    assert command.endswith("manage.py createcurator NAME")
    # Run it as printed (asking only for --help), without the test run's SECRET_KEY.
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = subprocess.run(
        ["sh", "-c", command.replace("NAME", "--help")],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Create a curator" in result.stdout
