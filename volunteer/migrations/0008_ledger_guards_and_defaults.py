"""Ledgers are append-only in the database too (PostgreSQL triggers refuse UPDATE and DELETE on
entries and stock movements), the default star levels and policy, the first points rule, and the
roles' permissions for the new models."""

from django.db import migrations

from volunteer.roles import ensure_roles

FORBID = """
CREATE OR REPLACE FUNCTION dy365_forbid_ledger_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = '账目为只增记录，不可修改或删除：' || TG_TABLE_NAME;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER volunteer_entry_append_only BEFORE UPDATE OR DELETE ON volunteer_entry
    FOR EACH ROW EXECUTE FUNCTION dy365_forbid_ledger_change();
CREATE TRIGGER volunteer_stockmovement_append_only BEFORE UPDATE OR DELETE ON volunteer_stockmovement
    FOR EACH ROW EXECUTE FUNCTION dy365_forbid_ledger_change();
"""
ALLOW = """
DROP TRIGGER IF EXISTS volunteer_entry_append_only ON volunteer_entry;
DROP TRIGGER IF EXISTS volunteer_stockmovement_append_only ON volunteer_stockmovement;
DROP FUNCTION IF EXISTS dy365_forbid_ledger_change();
"""

def guards(apps, schema_editor):
    # SQLite (the demo database) has no such guard: its test flushes delete rows one by one.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORBID)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW)


def defaults(apps, schema_editor):
    from volunteer.reference_data import ensure_reference_data

    ensure_reference_data(apps)
    ensure_roles(apps, skip_missing=True)


class Migration(migrations.Migration):
    dependencies = [("volunteer", "0007_ledgers_market_stars")]

    operations = [
        migrations.RunPython(guards, unguard),
        migrations.RunPython(defaults, migrations.RunPython.noop),
    ]
