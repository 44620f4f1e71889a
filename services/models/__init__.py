"""Family services: service sites and their funding (health campaigns, assistance, training and publicity
come beside them, one domain file each)."""

from services.models.funding import Donation, FundEntry, Fundraising
from services.models.sites import ServiceSite, SiteInvestment, SiteStateChange

__all__ = ["Donation", "FundEntry", "Fundraising", "ServiceSite", "SiteInvestment", "SiteStateChange"]
