"""``manage.py definitions export|import|diff``: definition sets as JSON for a committee."""

import sys

from django.core.management.base import BaseCommand, CommandError

from claims.definitions.io import DefinitionFileError, dump_definition_set, load_file
from claims.models import DefinitionSet
from claims.services.definitions import (
    definition_set_diff,
    definition_set_export,
    definition_set_import,
)
from core.errors import DomainError


class Command(BaseCommand):
    help = "Export, import or compare critical-illness definition sets (JSON)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write a set as JSON")
        export.add_argument("code", nargs="?", help="set code (omit to list the sets)")
        export.add_argument("-o", "--output", help="file to write (default: standard output)")
        imp = sub.add_parser("import", help="create or update a set from a JSON file")
        imp.add_argument("path")
        imp.add_argument("--dry-run", action="store_true", help="show the changes only")
        diff = sub.add_parser("diff", help="show what importing a file would change")
        diff.add_argument("path")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except (DefinitionFileError, DomainError) as error:
            raise CommandError(str(error)) from error

    def _export(self, code=None, output=None, **_):
        if code is None:
            for definition_set in DefinitionSet.objects.all():
                self.stdout.write(
                    f"{definition_set.code}\t{definition_set.in_force_from}\t"
                    f"{definition_set.in_force_to or '—'}\t{definition_set.title_zh}"
                )
            return
        if not DefinitionSet.objects.filter(code=code).exists():
            raise CommandError(f"no definition set '{code}'")
        text = dump_definition_set(definition_set_export(code=code))
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"wrote {output}")
        else:
            sys.stdout.write(text)

    def _diff(self, path, **_):
        lines = definition_set_diff(parsed=load_file(path))
        self.stdout.write("\n".join(lines) if lines else "no changes")

    def _import(self, path, dry_run=False, **_):
        parsed = load_file(path)
        if dry_run:
            return self._diff(path)
        definition_set, changes = definition_set_import(parsed=parsed)
        if not changes:
            self.stdout.write(f"{definition_set.code}: already up to date")
            return
        self.stdout.write("\n".join(changes))
        self.stdout.write(self.style.SUCCESS(f"imported {definition_set.code}"))
