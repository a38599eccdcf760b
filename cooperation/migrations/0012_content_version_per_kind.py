"""One content version per kind of entry (cooperation/models/versions.py): a write
marks stale only the cached pages that show the kinds it changed."""

from django.db import migrations, models

KINDS = ("agency", "agreement", "event", "source", "technology")


def one_row_per_kind(apps, schema_editor):
    ContentVersion = apps.get_model("cooperation", "ContentVersion")
    ContentVersion.objects.all().delete()  # pages cached under the old key are never read
    ContentVersion.objects.bulk_create([ContentVersion(scope=kind) for kind in KINDS])


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0011_search_name_ja"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="contentversion", name="contentversion_singleton"),
        migrations.AddField(
            model_name="contentversion",
            name="scope",
            field=models.CharField(default="", max_length=20),
            preserve_default=False,
        ),
        migrations.RunPython(one_row_per_kind, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contentversion",
            name="scope",
            field=models.CharField(
                help_text="The kind of entry whose content this versions.",
                max_length=20,
                unique=True,
            ),
        ),
    ]
