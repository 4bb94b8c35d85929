"""A claim is published only in a publicity batch: claims published one by one before
(outside any batch, so on no board) are put in the batch of their publication's date
(the latest 7th or 21st on or before it, Beijing time), and a check constraint keeps
every published claim in a batch from now on."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations, models
from django.db.models import Q

BEIJING = ZoneInfo("Asia/Shanghai")


def latest_batch_date(day: date) -> date:
    if day.day >= 21:
        return day.replace(day=21)
    if day.day >= 7:
        return day.replace(day=7)
    return (day.replace(day=1) - timedelta(days=1)).replace(day=21)


def batch_the_unbatched(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    PublicityBatch = apps.get_model("claims", "PublicityBatch")
    loose = Claim.objects.filter(published_at__isnull=False, publicity_batch__isnull=True)
    for claim in loose.order_by("published_at", "id").iterator():
        day = latest_batch_date(claim.published_at.astimezone(BEIJING).date())
        batch, _created = PublicityBatch.objects.get_or_create(
            batch_date=day,
            defaults={
                "published_at": claim.published_at,
                "window_ends_at": claim.publicity_ends_at or claim.published_at,
            },
        )
        batch.claims_count += 1
        if claim.publicity_ends_at and claim.publicity_ends_at > batch.window_ends_at:
            batch.window_ends_at = claim.publicity_ends_at
        batch.save(update_fields=["claims_count", "window_ends_at"])
        Claim.objects.filter(pk=claim.pk).update(publicity_batch=batch)


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_definition_set_facts")]

    operations = [
        migrations.RunPython(batch_the_unbatched, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(publicity_batch__isnull=False),
                name="claim_published_in_a_batch",
            ),
        ),
    ]
