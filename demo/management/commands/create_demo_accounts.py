from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from association.actions.members import link_member_login
from association.models import AssociationMember
from demo.town import TOWN_CODE
from villages.actions import set_up_town_office_group
from villages.models import Town, User, Village, VillagerGroup

# Demo only: one well-known password for the demo town's accounts.
DEMO_PASSWORD = "zizhi-demo-2026"


class Command(BaseCommand):
    help = "Create one demo account per role for the demo town (demo only); running it again changes nothing."

    def handle(self, *args, **options):
        try:
            town = Town.objects.get(code=TOWN_CODE)
            daqi = Village.objects.get(town=town, name="大旗村")
            group = VillagerGroup.objects.get(village=daqi, number=1)
        except (Town.DoesNotExist, Village.DoesNotExist, VillagerGroup.DoesNotExist):
            raise CommandError(_("Load the demo town first: manage.py load_demo_town")) from None
        accounts = [
            ("office", "镇计生办", User.Role.TOWN_OFFICE, {"town": town}, True),
            ("leader", "镇领导", User.Role.LEADERSHIP, {"town": town}, False),
            ("county", "县卫健委", User.Role.COUNTY_OFFICE, {"county": town.county}, False),
            ("daqi-specialist", "大旗村计生专干", User.Role.SPECIALIST, {"village": daqi}, False),
            ("daqi-member", "大旗村协会会员", User.Role.MEMBER, {"group": group}, False),
        ]
        with transaction.atomic():
            office_group = set_up_town_office_group()
            users = [self.account(*account, office_group=office_group) for account in accounts]
            self.link_member(users[-1])
        self.stdout.write(self.style.WARNING(_("DEMO ONLY: these accounts share a published password. "
                                               "Never create them on a real system.")))
        for user in users:
            self.stdout.write(f"  {user.username:<16} {DEMO_PASSWORD}  {user.get_role_display()} · {user.jurisdiction}")

    def link_member(self, user):
        """The member account logs in as the association member of its group, when there is one."""
        member = AssociationMember.objects.filter(group=user.group).order_by("pk").first()
        if member is not None and member.user_id is None:
            link_member_login(member=member, user=user, by=None)

    def account(self, username, name, role, jurisdiction, staff, *, office_group):
        fields = {"first_name": name, "role": role, "is_staff": staff, "county": None, "town": None, "village": None,
                  "group": None, **jurisdiction}
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        changed = [field for field, value in fields.items() if getattr(user, field) != value]
        for field in changed:
            setattr(user, field, fields[field])
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed.append("password")
        if changed and not created:
            user.full_clean()
            user.save(update_fields=changed)
        elif created:
            user.save(update_fields=["password"])
        if staff:
            user.groups.add(office_group)
        return user
