"""What the services' figure modules share: their topic in the catalogue, the unit of money and the levels."""

from django.utils.translation import gettext_lazy as _

from villages.catalogue import TOWN, VILLAGE

TOPIC = _("Family services")
YUAN = _("yuan")
LEVELS = (TOWN, VILLAGE)
