from rest_framework.permissions import SAFE_METHODS, BasePermission

from villages.roles import is_town_office, may_change


class JurisdictionPermission(BasePermission):
    """Signed-in users read within their jurisdiction; only roles that change records write.

    Which rows are visible is decided by each view's scoped queryset, so another village's
    record answers 404 rather than 403.
    """

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if request.method in SAFE_METHODS:
            return True
        return may_change(user)


class TownOfficeWrites(JurisdictionPermission):
    """Town-level registry data: everyone in the town reads it, only the town office writes."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS:
            return True
        return is_town_office(request.user)
