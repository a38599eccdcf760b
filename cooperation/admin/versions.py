"""The admin's history pages: what each version changed, and restoring one entry.

The comparing and restoring themselves live in history.py; this is the admin around them.
"""

from __future__ import annotations

from contextlib import nullcontext

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.revisions import create_revision, is_active, set_comment, set_user
from reversion.utils import mute_signals

from .forms import PlainTextField
from .history import (
    cited_type,
    describe_changes,
    snapshot_of,
    snapshot_of_version,
    version_changes,
)
from .restore import restore_entry


class _RollBack(Exception):
    """Undo a restore that was only shown, not saved."""

    def __init__(self, response):
        self.response = response


class HistoryAdmin(VersionAdmin):
    """django-reversion's history, saying what each version changed, restoring one entry."""

    object_history_template = "admin/cooperation/object_history.html"
    revision_form_template = "admin/cooperation/revision_form.html"
    recover_form_template = "admin/cooperation/recover_form.html"
    history_latest_first = True
    # Text typed in a browser arrives with CRLF line ends; stored as typed, an unchanged
    # article would count as changed ("Changed Text.") and differ from its fixture.
    formfield_overrides = {models.TextField: {"form_class": PlainTextField}}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if is_active() and transaction.get_connection().in_atomic_block:
            # add_view/change_view opened the revision's transaction: the change, its
            # log entry and its revision commit together. Django's own atomic block
            # would only add a savepoint inside it.
            return self._changeform_view(request, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        # Reversion records adds, changes and bulk actions, not this page: without a
        # revision here, deleting a citation would leave its entry's history silent.
        with self.create_revision(request):
            return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        versions = list(
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision", "revision__user")
            .order_by("-pk")
        )
        changes = version_changes(versions)
        action_list = [
            {
                "revision": version.revision,
                "version": version,
                "changes": changes[version.pk],
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(version.object_id), version.pk),
                ),
            }
            for version in versions
        ]
        context = {"action_list": action_list, **(extra_context or {})}
        # Skip VersionAdmin.history_view: it would query the versions again, without changes.
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Reversion looks the version up by object id alone: the id of an agency's version
        # in an agreement's URL would show (and restore) the agency. Check the model too.
        object_id = unquote(object_id)
        version = get_object_or_404(
            Version.objects.get_for_model(self.model), pk=version_id, object_id=object_id
        )
        when = localize(template_localtime(version.revision.date_created))
        context = {
            "title": f"Restore “{version.object_repr}” as it was on {when}",
            "revert": True,
            "version_date": when,
            **(extra_context or {}),
        }
        return self._restore_view(request, version, self.revision_form_template, context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)
        context = {
            "title": f"Recover “{version.object_repr}”",
            "recover": True,
            **(extra_context or {}),
        }
        return self._restore_view(request, version, self.recover_form_template, context)

    def _restore_view(self, request, version, template_name, context):
        """Restore the entry in a transaction, show (GET) or save (POST) its change form.

        Viewing rolls the restore back; saving keeps it, as one new revision. Unlike
        reversion's own view, only this entry (and its citations) is restored.
        """
        # Only looking: no signal handler (search index, caches) should see the restore
        # that is about to be rolled back.
        signals = (
            mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
            if request.method == "GET"
            else nullcontext()
        )
        try:
            with transaction.atomic(using=version.db), signals:
                current = self.model._base_manager.filter(pk=version.object_id).first()
                context["restore_changes"] = None
                if current is not None:
                    # Before restoring: saving a version consumes its relations.
                    context["restore_changes"] = describe_changes(
                        self.model,
                        snapshot_of(current),
                        snapshot_of_version(version),
                        ignore={"publication_status"},  # kept as it is: see restore_entry
                    )
                notes = restore_entry(version)
                context["restores_citations"] = cited_type(self.model) is not None
                context["restore_notes"] = notes
                with create_revision():
                    set_user(request.user)
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        when = localize(template_localtime(version.revision.date_created))
                        set_comment(f"Restored the version saved on {when}")
                        for note in notes:
                            messages.warning(request, note)
                    elif response.status_code == 200:
                        response.template_name = template_name
                        response.render()
                        raise _RollBack(response)
                    else:
                        raise RevertError(f"Could not load “{version.object_repr}”.")
        except (RevertError, models.ProtectedError) as exc:
            messages.error(request, str(exc))
            opts = self.model._meta
            return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        except _RollBack as rollback:
            return rollback.response
        return response
