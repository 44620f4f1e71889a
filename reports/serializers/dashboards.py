"""The dashboards through the API: the same figures as the pages, with the periods they are compared with."""

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
