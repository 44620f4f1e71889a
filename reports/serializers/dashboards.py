"""The dashboards through the API: the same figures as the pages, with the periods they are compared with."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class CellField(serializers.Field):
    """A number as its reader may see it: null when undefined or when a small count about people is hidden."""

    def to_representation(self, cell):
        if cell.hidden or cell.value is None:
            return None
        return cell.value if isinstance(cell.value, int) else str(cell.value)


class DashboardRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    category = serializers.CharField()
    name = serializers.CharField(source="label")
    unit = serializers.CharField(source="figure.unit")
    value = CellField(source="current")
    previous = CellField()
    last_year = CellField()
    suppressed = serializers.SerializerMethodField()

    def get_suppressed(self, row) -> bool:
        """Whether a count below 5 about people is hidden from this reader (the leadership)."""
        return row.current.hidden or row.previous.hidden or row.last_year.hidden


class DashboardSerializer(serializers.Serializer):
    level = serializers.CharField()
    unit_id = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.SerializerMethodField()
    period = serializers.CharField()
    previous_period = serializers.CharField(source="previous")
    last_year_period = serializers.CharField(source="last_year")
    closed = serializers.BooleanField(source="found.is_closed")
    figures = serializers.SerializerMethodField()
    ranking = serializers.ListField(child=serializers.DictField(), source="villages")

    def get_unit_name(self, board) -> str:
        return getattr(board.unit, "name", str(board.unit))

    def get_figures(self, board) -> list[dict]:
        rows = [part for row in board.rows for part in (row, *row.parts)]
        return DashboardRowSerializer(rows, many=True).data


@extend_schema_field(OpenApiTypes.STR)
class DecimalText(CellField):
    """A county's or a town's value as text ("4", "87.5"), null when undefined: one type whatever the figure."""

    def to_representation(self, cell):
        value = super().to_representation(cell)
        return None if value is None else str(value)


class CountyRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    unit = serializers.CharField(source="figure.unit")
    value = DecimalText(source="current", allow_null=True)
    last_year = DecimalText(allow_null=True)


class CountyTownSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="town.pk")
    name = serializers.CharField(source="town.name")
    code = serializers.CharField(source="town.code")
    rank = serializers.IntegerField(allow_null=True)
    closed = serializers.BooleanField(source="is_closed")
    closing_version = serializers.IntegerField(source="closing.version", allow_null=True, default=None)
    pending = serializers.BooleanField(help_text="An open period's figures being computed: ask again in a minute.")
    figures = serializers.SerializerMethodField()

    def get_figures(self, line) -> dict[str, str | None]:
        """The town's value of the ranking figure and the county's main figures, by code, as text (null when
        undefined)."""
        figures = self.context["figures"]
        return {figure.code: DecimalText().to_representation(cell) for figure, cell in zip(figures, line.cells,
                                                                                            strict=True)}


class CountyDashboardSerializer(serializers.Serializer):
    county_id = serializers.IntegerField(source="county.pk")
    county_name = serializers.CharField(source="county.name")
    period = serializers.CharField()
    last_year_period = serializers.CharField(source="last_year")
    closed = serializers.BooleanField(source="is_closed", help_text="Whether every town of the county closed it.")
    closed_towns = serializers.IntegerField()
    pending_towns = serializers.IntegerField(help_text="Towns whose figures are being computed; the county's totals "
                                             "are null until they are.")
    rank_by = serializers.CharField(source="rank_by.code")
    figures = CountyRowSerializer(source="rows", many=True)
    towns = serializers.SerializerMethodField()

    def get_towns(self, board) -> list[dict]:
        return CountyTownSerializer(board.towns, many=True, context={"figures": board.columns}).data
