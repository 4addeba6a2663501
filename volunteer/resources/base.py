"""The import machinery every kind shares: read the sheet, run django-import-export's dry run or
real run in one transaction, and report every bad cell by sheet row and column."""

from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from import_export import resources
from import_export.results import RowResult

from volunteer import audit_log, privacy, scope
from volunteer.imports.cleaning import clean_id_number
from volunteer.imports.spreadsheet import read_rows
from volunteer.models import PartyMember
from volunteer.validators import normalize_id_card

# The templates' example person (members, records, team leader): a valid ID-card number
# (GB 11643 check digit) that the demo seeds as 张三 of 朝阳社区, so every example row imports there.
EXAMPLE_MEMBER = {"姓名": "张三", "性别": "男", "身份证号": "320412197506150019", "手机号": "13800000000",
                  "所在党支部": "中共朝阳社区支部委员会", "居住地网格": "春江街道·朝阳社区·第一网格",
                  "党员状态": "离退休", "入党日期": "2001-07-01"}


@dataclass
class ImportReport:
    kind: str
    total: int = 0
    new: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)  # (sheet row, column heading or "", message)
    committed: bool = False

    @property
    def ok(self):
        return not self.errors

    def messages(self):
        return [f"第 {row} 行{f'“{column}”' if column else ''}：{message}" for row, column, message in self.errors]


class ServiceResource(resources.ModelResource):
    """Rows go through a service function; errors come back named by sheet row and column."""

    kind = ""
    example = {}
    # column heading → the other headers staff use for it
    aliases = {}

    class Meta:
        skip_diff = True  # each resource compares what it imports in skip_row, without a deep copy per row
        clean_model_instances = False  # the service validates

    def save_with_service(self, instance, row, user):
        """Each kind saves a row through its service function (the same rules as the screens)."""
        raise NotImplementedError

    def save_instance(self, instance, is_create, row, **kwargs):
        self.save_with_service(instance, row, kwargs["user"])

    # Error keys from services that are not import fields, and the column they concern.
    extra_headings = {}
    # Attributes compared with the stored record: a row that changes none of them is skipped.
    compared = []

    def remember(self, instance):
        """Keep what is stored, so skip_row can tell an unchanged row (re-imports write nothing)."""
        if instance is not None:
            instance._as_stored = {f: getattr(instance, f) for f in self.compared}
        return instance

    def skip_row(self, instance, original, row, import_validation_errors=None):
        stored = getattr(instance, "_as_stored", None)
        if stored is None or import_validation_errors:
            return False
        return all(getattr(instance, f) == stored[f] for f in self.compared)

    def headings(self):
        return {f.attribute: f.column_name for f in self.get_import_fields()} | {"__all__": ""} | self.extra_headings

    def run(self, content, filename, *, user, commit, max_rows=None):
        """Dry run (commit=False) or the real thing; either way all rows or none. `max_rows` keeps
        a web request within its time (about 1.7 ms a row); the command has no limit."""
        report = ImportReport(kind=self.kind)
        try:
            columns, rows = read_rows(content, filename, self.aliases)
        except ValidationError as error:
            report.errors.append((0, "", error.messages[0]))
            return report
        if max_rows and len(rows) > max_rows:
            report.errors.append((0, "", f"文件有 {len(rows):,} 行，网页上单次导入不超过 {max_rows:,} 行；请分批导入，"
                                         "或请系统管理员用 manage.py import_spreadsheet 在服务器上导入"))
            return report
        missing = [c for c in self.required_columns() if c not in columns]
        if missing:
            report.errors.append((0, "", f"缺少必填列：{'、'.join(missing)}"))
            return report
        dataset = tablib.Dataset(headers=list(self.aliases))
        numbers = []
        for number, values in rows:
            dataset.append([values.get(c) for c in self.aliases])
            numbers.append(number)
        report.total = len(numbers)
        with transaction.atomic():
            result = self.import_data(dataset, dry_run=not commit, use_transactions=True,
                                      rollback_on_validation_errors=True, user=user)
            headings = self.headings()
            for invalid in result.invalid_rows:
                for attribute, messages in invalid.error_dict.items():
                    for message in messages:
                        report.errors.append((numbers[invalid.number - 1], headings.get(attribute, attribute), message))
            for error in result.base_errors:
                report.errors.append((0, "", f"无法导入：{error.error}"))
            for number, errors in result.row_errors():
                for error in errors:
                    report.errors.append((numbers[number - 1], "", f"无法导入：{error.error}"))
            totals = result.totals
            report.new = totals[RowResult.IMPORT_TYPE_NEW]
            report.updated = totals[RowResult.IMPORT_TYPE_UPDATE]
            report.skipped = totals[RowResult.IMPORT_TYPE_SKIP]
            report.errors.sort(key=lambda e: e[0])
            if report.errors or not commit:
                transaction.set_rollback(True)
            else:
                report.committed = True
                self.log_import(filename, report, user)
        return report

    def log_import(self, filename, report, user):
        """One 操作日志 entry per committed import (not one per row: a roster has thousands)."""
        audit_log.record_for_model(
            "volunteer.import", self._meta.model, user, f"{self.kind}导入：{filename}",
            f"{self.kind}导入“{filename}”：共 {report.total} 行，新增 {report.new}，更新 {report.updated}，"
            f"未变化 {report.skipped}", kind=self.kind, total=report.total, new=report.new, updated=report.updated)

    def required_columns(self):
        return [f.column_name for f in self.get_import_fields() if getattr(f.widget, "required", False)]

    def before_import(self, dataset, user=None, **kwargs):
        self._user = user  # natural-key lookups resolve references within the importer's scope

    def reference(self, field_name, row):
        """The record a lookup column names, or None when it names none (the field's own clean
        reports that error with its row and column)."""
        field = self.fields[field_name]
        try:
            return field.widget.clean(row.get(field.column_name), user=self._user)
        except ValueError:
            return None


def members_by_id_number(values, user=None):
    """{ID number: member}, one query per thousand rows: the members `user` can see, or every
    member on file when user is None (an ID number is unique in the whole district)."""
    hashes = {}
    for value in values:
        try:
            number = normalize_id_card(clean_id_number(value))
        except ValidationError:
            continue
        if number:
            hashes[privacy.lookup_hash(number)] = number
    found, keys = {}, list(hashes)
    members = PartyMember.objects.select_related("home_grid", "work_grid").order_by()
    visible = members if user is None else scope.restrict(members, user)
    for start in range(0, len(keys), 1000):
        for member in visible.filter(id_card_hash__in=keys[start:start + 1000]):
            found[hashes[member.id_card_hash]] = member
    return found


def to_attributes(error, renames):
    """A service's field errors under the resource's attribute names."""
    if not hasattr(error, "error_dict"):
        return error
    return {renames.get(k, k): v for k, v in error.message_dict.items()}
