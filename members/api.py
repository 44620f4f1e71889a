ROUTES: list = []

# The association's member network (members/api_association.py).
from members.api_association import ROUTES as ASSOCIATION_ROUTES  # noqa: E402

ROUTES += ASSOCIATION_ROUTES
