"""The admin: scoped to the jurisdiction, read-only for leadership, writes through the actions."""

from django.core.exceptions import NON_FIELD_ERRORS


def test_office_staff_see_every_entitlement_and_policy(client, office_staff, world):
    client.force_login(office_staff)
    page = client.get("/admin/incentives/entitlement/").content.decode()
    assert "王小一" in page and "赵小二" in page
    assert client.get(f"/admin/incentives/policy/{world['village_policy'].pk}/change/").status_code == 200


def test_specialist_in_the_admin_sees_only_their_village(client, staff_specialist, world):
    client.force_login(staff_specialist)
    page = client.get("/admin/incentives/entitlement/").content.decode()
    assert "王小一" in page and "赵小二" not in page
    assert client.get(f"/admin/incentives/entitlement/{world['theirs'].pk}/change/").status_code == 302
    assert client.get(f"/admin/incentives/policy/{world['village_policy'].pk}/change/").status_code == 302


def test_leadership_reads_policies_but_may_not_change_them(client, staff_leader, world):
    client.force_login(staff_leader)
    policy = world["policy"]
    assert client.get(f"/admin/incentives/policy/{policy.pk}/change/").status_code == 200
    response = client.post(f"/admin/incentives/policy/{policy.pk}/change/", {"name": "改名"})
    assert response.status_code == 403
    policy.refresh_from_db()
    assert policy.name == "育儿补贴"


def _policy_change(policy, **changes) -> dict:
    """The admin's change form of the policy as the browser posts it, with the version it was read from."""
    data = {"code": policy.code, "name": policy.name, "level": "national", "issuing_body": "国务院",
            "kind": "subsidy", "frequency": "year", "proration": "months", "births_in_full": "on",
            "description": "", "adopted_on": "2025-01-01", "village_policy_kind": "", "version_read": policy.version}
    for prefix in ("rates", "conditions", "evidence"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return {**data, **changes}


def test_office_staff_edit_a_policy_through_the_action(client, office_staff, world):
    client.force_login(office_staff)
    policy = world["policy"]
    policy.refresh_from_db()
    version = policy.version
    response = client.post(f"/admin/incentives/policy/{policy.pk}/change/",
                           _policy_change(policy, name="育儿补贴（国家基础标准）"))
    assert response.status_code == 302, response.content.decode()[:2000]
    policy.refresh_from_db()
    assert (policy.name, policy.version) == ("育儿补贴（国家基础标准）", version + 1)
    assert policy.history.first().history_user == office_staff


def test_a_second_editor_in_the_admin_is_refused_instead_of_overwriting(client, office_staff, world):
    # Given two editors who opened the same policy
    client.force_login(office_staff)
    policy = world["policy"]
    policy.refresh_from_db()
    read = policy.version
    page = client.get(f"/admin/incentives/policy/{policy.pk}/change/")
    assert f'name="version_read" value="{policy.version}"' in page.content.decode()
    url = f"/admin/incentives/policy/{policy.pk}/change/"

    # When both save
    first = client.post(url, _policy_change(policy, name="第一次修改"))
    second = client.post(url, _policy_change(policy, name="第二次修改"))

    # Then the second is told, and the first change stays
    assert first.status_code == 302
    assert second.status_code == 200 and second.context["adminform"].form.has_error(NON_FIELD_ERRORS, code="stale")
    policy.refresh_from_db()
    assert (policy.name, policy.version) == ("第一次修改", read + 1)


def test_an_admin_change_that_does_not_say_its_version_is_refused(client, office_staff, world):
    client.force_login(office_staff)
    policy = world["policy"]
    data = _policy_change(policy, name="改名")
    del data["version_read"]

    response = client.post(f"/admin/incentives/policy/{policy.pk}/change/", data)

    assert response.status_code == 200 and response.context["adminform"].form.has_error(NON_FIELD_ERRORS, code="stale")
    policy.refresh_from_db()
    assert policy.name == "育儿补贴"


def test_entitlements_cannot_be_edited_in_the_admin(client, office_staff, world):
    client.force_login(office_staff)
    entitlement = world["mine"]
    client.post(f"/admin/incentives/entitlement/{entitlement.pk}/change/", {"amount": "1"})
    entitlement.refresh_from_db()
    assert entitlement.amount != 1


def test_admin_action_confirms_selected_entitlements(client, office_staff, world):
    client.force_login(office_staff)
    client.post("/admin/incentives/entitlement/", {"action": "confirm", "_selected_action": [world["mine"].pk]})
    world["mine"].refresh_from_db()
    world["theirs"].refresh_from_db()
    assert (world["mine"].status, world["theirs"].status) == ("confirmed", "pending")


def test_entitlement_changelist_query_count_is_fixed(client, office_staff, world, family, django_assert_num_queries):
    import datetime

    from incentives import actions

    client.force_login(office_staff)
    with django_assert_num_queries(9):
        client.get("/admin/incentives/entitlement/")
    family(children=[("F", datetime.date(2023, 5, 1))], names=["甲", "乙", "丙"])
    actions.compute_cycle(cycle=world["cycle"], by=None)
    with django_assert_num_queries(9):
        client.get("/admin/incentives/entitlement/")
