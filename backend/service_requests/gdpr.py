"""Service requests in a person's GDPR data, and what erasing the person does to them: the
requests stay for the City (they are about streets and parks), with the reporter's contact
details wiped and the link to the account gone; follows go with the account."""

from __future__ import annotations

from backend.accounts import gdpr
from backend.accounts.models import User
from backend.service_requests.models import RequestFollower, ServiceRequest


async def _branch(user: User) -> gdpr.Node:
    reported = (
        await ServiceRequest.filter(reporter_id=user.id)
        .select_related("category")
        .order_by("created_at", "number")
    )
    follows = (
        await RequestFollower.filter(user_id=user.id)
        .select_related("request")
        .order_by("created_at", "id")
    )
    return {
        "key": "SERVICE_REQUESTS",
        "children": [
            {
                "key": "REPORTED",
                "children": [
                    {
                        "key": "SERVICE_REQUEST",
                        "children": [
                            {"key": "NUMBER", "value": r.number},
                            {"key": "CATEGORY", "value": r.category.service_code},
                            {"key": "TITLE", "value": r.title},
                            {"key": "DESCRIPTION", "value": r.description},
                            {"key": "ADDRESS", "value": r.address},
                            {"key": "LATITUDE", "value": r.lat},
                            {"key": "LONGITUDE", "value": r.lon},
                            {"key": "ANSWERS", "value": r.answers},
                            {"key": "STATUS", "value": r.status},
                            {"key": "CONTACT_NAME", "value": r.contact_name},
                            {"key": "CONTACT_EMAIL", "value": r.contact_email},
                            {"key": "CONTACT_PHONE", "value": r.contact_phone},
                            {"key": "SHOW_NAME", "value": r.show_name},
                            {"key": "CREATED_AT", "value": r.created_at.isoformat()},
                        ],
                    }
                    for r in reported
                ],
            },
            {
                "key": "FOLLOWED",
                "children": [
                    {
                        "key": "FOLLOW",
                        "children": [
                            {"key": "NUMBER", "value": f.request.number},
                            {"key": "SINCE", "value": f.created_at.isoformat()},
                        ],
                    }
                    for f in follows
                ],
            },
        ],
    }


async def _erase(user: User) -> None:
    # The reporter link goes with the account (ON DELETE SET NULL), follows cascade.
    await ServiceRequest.filter(reporter_id=user.id).update(
        contact_name="", contact_email="", contact_phone="", show_name=False
    )


gdpr.register(gdpr.PersonalData(branch=_branch, erase=_erase))
