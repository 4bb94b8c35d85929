"""Staff roles as groups with the claim permissions, and an append-only guard for events."""

from django.db import migrations

from core.migration_ops import append_only_trigger, grant_role_permissions

ROLES = {
    # change_claim opens the admin's transition buttons; every field stays read-only there.
    "investigator": ["investigate_claim", "change_claim", "view_claim", "view_claimdocument",
                     "view_claimevent"],
    "reviewer": ["publish_claim", "change_claim", "close_publicity", "record_jury_result",
                 "settle_jury_result", "view_claim", "view_claimdocument", "view_claimevent",
                 "view_claimdraft"],
    "finance": ["pay_claim", "change_claim", "view_claim", "view_claimevent"],
}


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [
        grant_role_permissions("claims", ROLES),
        append_only_trigger("claims_claimevent"),
    ]
