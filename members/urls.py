app_name = "members"

urlpatterns: list = []

# The association's member network.
from members.urls_association import urlpatterns as association_urlpatterns  # noqa: E402

urlpatterns += association_urlpatterns
