"""Reading and checking an import file (xlsx or CSV) of households and people, before anything is saved.

`read_rows` turns the file into dicts keyed by column; `check` validates every row against the
registry's rules and the database (identity numbers and household numbers in the town, villager
groups of the village) with a fixed handful of queries, and returns every row's errors together
with the plan that `members.actions.import_registry` saves all at once.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from members import identity
from members.actions.households import implied_parents_ages
from members.models import Ethnicity, Household, MaritalStatus, Person, Relation
from members.models.codes import HEAD_RELATIONS, STANDARD_NAMES
from members.rules import validation
from villages.models import Village, VillagerGroup

# (key, header label, required)
COLUMNS = [
    ("household_number", gettext_lazy("household number"), True),
    ("village", gettext_lazy("village"), False),
    ("group", gettext_lazy("villager group"), True),
    ("address", gettext_lazy("address"), False),
    ("hukou_type", gettext_lazy("hukou type"), False),
    ("poverty", gettext_lazy("poverty status"), False),
    ("poverty_since", gettext_lazy("poverty status since"), False),
    ("name", pgettext_lazy("person", "name"), True),
    ("id_number", gettext_lazy("identity number"), False),
    ("sex", gettext_lazy("sex"), True),
    ("birth_date", gettext_lazy("birth date"), True),
    ("ethnicity", gettext_lazy("ethnicity"), False),
    ("relation", gettext_lazy("relation to the household head"), True),
    ("marital_status", gettext_lazy("marital status"), False),
    ("phone", gettext_lazy("mobile phone"), False),
    ("residence", gettext_lazy("residence"), False),
]
CHOICES = {
    "hukou_type": Household.HukouType, "poverty": Household.Poverty, "sex": Person.Sex, "ethnicity": Ethnicity,
    "relation": Relation, "marital_status": MaritalStatus, "residence": Person.Residence,
}
EXTRA_WORDS = {
    "sex": {"男": "M", "女": "F", "1": "M", "2": "F"},
    "hukou_type": {"农业": "rural", "农村": "rural", "非农业": "urban", "城镇": "urban"},
    "poverty": {"非贫困户": "none", "否": "none", "贫困户": "poor", "脱贫户": "lifted", "已脱贫": "lifted"},
    "residence": {"常住": "resident", "在村": "resident", "外出": "out_migrated", "流入": "in_migrated"},
    "marital_status": {"有配偶": "20"},
}
# Chinese headers work whatever the page language (the labels' translations are accepted as well).
CHINESE_HEADERS = {
    "household_number": ["户号", "户编号"], "village": ["村", "村名", "行政村"], "group": ["村民小组", "组"],
    "address": ["住址", "地址"], "hukou_type": ["户口类型", "户口性质"], "poverty": ["贫困状况"],
    "poverty_since": ["贫困状况认定日期"], "name": ["姓名"], "id_number": ["身份证号", "身份证号码", "公民身份号码"],
    "sex": ["性别"], "birth_date": ["出生日期"], "ethnicity": ["民族"], "relation": ["与户主关系", "与户主的关系"],
    "marital_status": ["婚姻状况"], "phone": ["手机号", "手机号码", "联系电话"], "residence": ["居住状况"],
}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")
# What one import may hold, so that a crafted file cannot take the server's memory: the upload itself, the
# xlsx unpacked (a small zip can unpack to gigabytes), the rows and columns read, and one cell's text.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
# The longest text between two tags of a sheet or its shared strings: openpyxl holds each whole in memory.
MAX_XML_TEXT_BYTES = 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 64
MAX_CELL_CHARS = 500
EXCERPT_CHARS = 40


class ImportFileError(Exception):
    """The file cannot be read at all (not xlsx/CSV, no header row, past a cap on its size, rows or cells)."""


@dataclass
class RowError:
    line: int
    messages: list


@dataclass
class PlannedHousehold:
    number: str
    village: Village
    group: VillagerGroup | None
    fields: dict
    existing: Household | None = None
    people: list = field(default_factory=list)  # (line, person fields)


@dataclass
class ImportCheck:
    rows: int = 0
    errors: list = field(default_factory=list)
    households: list = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(len(h.people) for h in self.households)

    @property
    def ok(self) -> bool:
        return self.rows > 0 and not self.errors


def header_labels() -> dict[str, str]:
    """Every way a header may be written (key, English, Chinese) → column key."""
    labels = {}
    for key, label, _required in COLUMNS:
        labels[key] = key
        labels.update({alias: key for alias in CHINESE_HEADERS[key]})
        for language in ("en", "zh-hans"):
            with translation.override(language):
                labels[str(label).strip().lower()] = key
    return labels


def excerpt(value, length: int = EXCERPT_CHARS) -> str:
    """The beginning of what was typed, for a message: never the whole of a cell."""
    text = str(value)
    return text if len(text) <= length else text[:length] + "…"


def too_large_error(size: int) -> ImportFileError:
    return ImportFileError(_("The file is too large (%(size)s): at most %(limit)s at a time.")
                           % {"size": filesizeformat(size), "limit": filesizeformat(MAX_FILE_BYTES)})


def read_rows(upload) -> list[tuple[int, dict]]:
    name = (getattr(upload, "name", "") or "").lower()
    if (getattr(upload, "size", None) or 0) > MAX_FILE_BYTES:
        raise too_large_error(upload.size)
    content = upload.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise too_large_error(len(content))
    if name.endswith(".xlsx"):
        table = _xlsx_table(content)
    elif name.endswith(".csv"):
        table = _csv_table(content)
    else:
        raise ImportFileError(_("Upload an Excel file (.xlsx) or a CSV file (.csv)."))
    header_row = next(table, None)
    if header_row is None:
        raise ImportFileError(_("The file is empty."))
    labels = header_labels()
    header = [labels.get(str(cell or "").strip().lower()[:MAX_CELL_CHARS]) for cell in header_row[:MAX_COLUMNS]]
    missing = [str(label) for key, label, required in COLUMNS if required and key not in header]
    if missing:
        raise ImportFileError(_("These columns are missing: %(columns)s. Start from the template.")
                              % {"columns": "、".join(missing)})
    rows = []
    for line, values in enumerate(table, start=2):
        if line - 1 > MAX_ROWS:
            raise ImportFileError(_("At most %(count)d rows at a time.") % {"count": MAX_ROWS})
        row = {key: _cell(value, line, key) for key, value in zip(header, values, strict=False) if key}
        if any(row.values()):
            rows.append((line, row))
    return rows


def _cell(value, line: int, key: str) -> str:
    text = _text(value)
    if len(text) > MAX_CELL_CHARS:
        label = dict((k, label) for k, label, _required in COLUMNS)[key]
        raise ImportFileError(
            _("Line %(line)d, %(column)s: the cell holds %(count)s characters, at most %(limit)d are read. "
              "It begins “%(excerpt)s”.")
            % {"line": line, "column": label, "count": f"{len(text):,}", "limit": MAX_CELL_CHARS,
               "excerpt": excerpt(text)})
    return text


def _xlsx_table(content: bytes):
    """The first sheet's rows, streamed, each cut to MAX_COLUMNS cells; a row past MAX_ROWS is refused."""
    from openpyxl import load_workbook

    _check_unpacked_size(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows, columns = sheet.max_row, sheet.max_column  # as the sheet declares them; None when it does not
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise ImportFileError(_("This file cannot be read as an Excel workbook.")) from error
    if (rows or 0) > MAX_ROWS + 1 or (columns or 0) > MAX_COLUMNS:
        raise ImportFileError(
            _("The sheet declares %(rows)s rows and %(columns)s columns: at most %(max_rows)s rows and "
              "%(max_columns)d columns at a time. Copy the filled cells alone into a new workbook.")
            % {"rows": f"{rows:,}", "columns": f"{columns:,}", "max_rows": f"{MAX_ROWS:,}",
               "max_columns": MAX_COLUMNS})
    return _xlsx_rows(workbook, sheet)


def _xlsx_rows(workbook, sheet):
    try:
        yield from sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True)  # one past the cap
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(_("This file cannot be read as an Excel workbook.")) from error
    finally:
        workbook.close()


def _check_unpacked_size(content: bytes) -> None:
    """An xlsx is a zip: refuse one that unpacks to more than MAX_UNPACKED_BYTES, or whose sheets or shared
    strings hold a text longer than MAX_XML_TEXT_BYTES, before openpyxl reads any of it. (A member that
    unpacks to more than it declares fails its own check while it is read.)"""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportFileError(_("The workbook is too large once unpacked (%(size)s): at most %(limit)s.")
                                  % {"size": filesizeformat(unpacked), "limit": filesizeformat(MAX_UNPACKED_BYTES)})
        for member in members:
            name = member.filename.lower()
            if name == "xl/sharedstrings.xml" or name.startswith("xl/worksheets/"):
                with archive.open(member) as part:
                    if _longest_text(part) > MAX_XML_TEXT_BYTES:
                        raise ImportFileError(_("A cell of this workbook is too large (over %(limit)s).")
                                              % {"limit": filesizeformat(MAX_XML_TEXT_BYTES)})
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise ImportFileError(_("This file cannot be read as an Excel workbook.")) from error


TAG_EDGES = re.compile(rb"[<>]")


def _longest_text(stream) -> int:
    """The longest run of bytes between tags in an XML stream, read a piece at a time
    (stops counting once past MAX_XML_TEXT_BYTES)."""
    longest = run = 0
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        pieces = TAG_EDGES.split(chunk)
        if len(pieces) == 1:
            run += len(chunk)
        else:
            longest = max(longest, run + len(pieces[0]), *map(len, pieces[1:-1]))
            run = len(pieces[-1])
        longest = max(longest, run)
        if longest > MAX_XML_TEXT_BYTES:
            break
    return longest


def _csv_table(content: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("This CSV file is neither UTF-8 nor GB18030 text."))
    return _csv_rows(text)


def _csv_rows(text: str):
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            yield row[:MAX_COLUMNS]
    except csv.Error as error:  # a field past csv's own limit (128 KiB), or a stray quote
        raise ImportFileError(_("Line %(line)d cannot be read: %(error)s.")
                              % {"line": reader.line_num, "error": excerpt(error, 80)}) from error


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _choice_lookup() -> dict[str, dict[str, str]]:
    lookup = {}
    for key, choices in CHOICES.items():
        words = dict(EXTRA_WORDS.get(key, {}))
        words.update({name: code for code, name in STANDARD_NAMES.get(key, {}).items()})
        for value, label in choices.choices:
            words[value.lower()] = value
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    words[str(label).lower()] = value
        lookup[key] = words
    return lookup


def _date(value: str) -> datetime.date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValidationError(_("Write the date as 2024-05-01."))


class Checker:
    """Checks rows for one user: specialists import into their village, the town office names the village."""

    def __init__(self, *, user, villages):
        self.user = user
        self.villages = {v.name: v for v in villages}
        self.only_village = next(iter(self.villages.values())) if len(self.villages) == 1 else None
        self.choices = _choice_lookup()
        self.groups = {}
        for group in VillagerGroup.objects.filter(village__in=list(self.villages.values())).select_related("village"):
            self.groups[(group.village_id, str(group.number))] = group
            self.groups[(group.village_id, group.name)] = group

    def check(self, rows: list[tuple[int, dict]]) -> ImportCheck:
        result = ImportCheck(rows=len(rows))
        parsed = []
        for line, row in rows:
            person, household, messages = self._row(row)
            if messages:
                result.errors.append(RowError(line, messages))
            parsed.append((line, row, person, household))
        self._check_against_registry(parsed, result)
        result.errors.sort(key=lambda e: e.line)
        return result

    def _row(self, row: dict):
        messages, person, household = [], {}, {}
        for key, label, required in COLUMNS:
            value = row.get(key, "")
            if not value:
                if required:
                    messages.append(_("%(column)s: this is required.") % {"column": label})
                continue
            try:
                parsed = self._value(key, value)
            except ValidationError as error:
                messages.append(f"{label}: {' '.join(error.messages)}")
                continue
            target = person if key in PERSON_KEYS else household
            target[key] = parsed
        if not messages:
            messages += self._person_rules(person)
        village = self._village(household.get("village"), messages)
        household["village"] = village
        if village is not None and "group" in household:
            group = self.groups.get((village.pk, household["group"]))
            if group is None:
                messages.append(_("villager group: %(village)s has no group %(group)s.")
                                % {"village": village.name, "group": household["group"]})
            household["group"] = group
        return person, household, messages

    def _value(self, key: str, value: str):
        if key in CHOICES:
            found = self.choices[key].get(value.lower()) or self.choices[key].get(value.zfill(2))
            if found is None:
                raise ValidationError(_("“%(value)s” is not one of the allowed values.") % {"value": excerpt(value)})
            return found
        if key in ("birth_date", "poverty_since"):
            day = _date(value)
            if key == "birth_date":
                validation.validate_birth_date(day)
            else:
                validation.validate_past_date(day)
            return day
        if key == "id_number":
            return identity.validate_id_number(value)
        if key == "phone":
            return identity.validate_phone(value)
        return value[:200]

    def _person_rules(self, person: dict) -> list[str]:
        instance = Person(**{k: v for k, v in person.items()})
        instance.marital_status = person.get("marital_status", MaritalStatus.SINGLE)
        try:
            instance.clean()
        except ValidationError as error:
            return [f"{Person._meta.get_field(f).verbose_name}: {' '.join(m)}" for f, m in error.message_dict.items()]
        return []

    def _village(self, name: str | None, messages: list) -> Village | None:
        if not name:
            if self.only_village is None:
                messages.append(_("village: name the village."))
            return self.only_village
        village = self.villages.get(name)
        if village is None:
            messages.append(_("village: %(name)s is not a village you may change.") % {"name": name})
        return village

    def _check_against_registry(self, parsed, result: ImportCheck) -> None:
        town_id = next(iter(self.villages.values())).town_id if self.villages else None
        numbers = {p[2]["id_number"] for p in parsed if p[2].get("id_number")}
        taken = _taken_id_numbers(town_id, numbers)
        existing = {h.number: h for h in Household.objects.filter(
            town_id=town_id, number__in={p[1]["household_number"] for p in parsed if p[1].get("household_number")})}
        seen, planned = {}, {}
        errors = {e.line: e for e in result.errors}
        for line, row, person, household in parsed:
            problems = []
            number = person.get("id_number")
            if number and number in taken:
                problems.append(_("identity number: already registered in the town."))
            elif number and number in seen:
                problems.append(_("identity number: the same number is on line %(line)d.") % {"line": seen[number]})
            elif number:
                seen[number] = line
            key = row.get("household_number", "")
            plan = planned.get(key)
            if plan is None and key:
                plan = self._plan_household(key, household, existing.get(key), problems, row)
                if plan is not None:
                    planned[key] = plan
            elif plan is not None and household.get("village") is not None and plan.village != household["village"]:
                problems.append(_("household number: this household is in another village on an earlier line."))
            if plan is not None:
                plan.people.append((line, person))
            if problems:
                errors.setdefault(line, RowError(line, [])).messages.extend(problems)
        self._check_heads(planned.values(), errors)
        self._check_parents(planned.values(), errors)
        result.errors = list(errors.values())
        result.households = list(planned.values())

    def _plan_household(self, number, household, existing, problems, row):
        village = household.get("village")
        if existing is not None:
            if village is None or existing.village_id != village.pk or not existing.is_active:
                problems.append(_("household number: already used in the town by another household."))
                return None
        fields = {k: household[k] for k in ("address", "hukou_type", "poverty", "poverty_since") if k in household}
        if fields.get("poverty") not in (None, Household.Poverty.NONE) and not row.get("poverty_since"):
            problems.append(_("poverty status since: enter the date the poverty status was decided."))
        return PlannedHousehold(number=number, village=village, group=household.get("group"), fields=fields,
                                existing=existing)

    def _check_heads(self, households, errors) -> None:
        for plan in households:
            heads = [line for line, person in plan.people if person.get("relation") in HEAD_RELATIONS]
            if plan.existing is None and len(heads) != 1:
                line = plan.people[0][0]
                message = (_("household %(number)s has no head: mark one person as household head.") if not heads
                           else _("household %(number)s has more than one head."))
                errors.setdefault(line, RowError(line, [])).messages.append(message % {"number": plan.number})
            if plan.existing is not None and heads:
                errors.setdefault(heads[0], RowError(heads[0], [])).messages.append(
                    _("household %(number)s already has a head.") % {"number": plan.number})

    def _check_parents(self, households, errors) -> None:
        """The head's couple become the parents of the household's sons and daughters on import: their ages
        at each child's birth, reported on the child's line."""
        label = Person._meta.get_field("birth_date").verbose_name
        for plan in households:
            lines = [line for line, _person in plan.people]
            found = implied_parents_ages([person for _line, person in plan.people])
            for index, by_field in found.items():
                line = lines[index]
                errors.setdefault(line, RowError(line, [])).messages.extend(
                    f"{label}: {message}" for messages in by_field.values() for message in messages)


PERSON_KEYS = {"name", "id_number", "sex", "birth_date", "ethnicity", "relation", "marital_status", "phone",
               "residence"}


def _taken_id_numbers(town_id, numbers: set[str]) -> set[str]:
    taken, numbers = set(), sorted(numbers)
    for start in range(0, len(numbers), 5000):
        chunk = numbers[start:start + 5000]
        taken |= set(Person.objects.filter(town_id=town_id, id_number__in=chunk).values_list("id_number", flat=True))
    return taken
