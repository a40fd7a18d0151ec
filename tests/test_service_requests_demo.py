"""The demo data: a living system for a new user, the same every time, and safe to load again."""

from __future__ import annotations

from collections import Counter

import pytest

from backend.service_requests import geography, service
from backend.service_requests.demo import CATEGORIES, DEMO_REQUESTS, load_demo_service_requests
from backend.service_requests.models import RequestCategory, RequestEvent, ServiceRequest
from tests.helpers import rolled_back


@pytest.mark.usefixtures("database_url")
async def test_the_demo_is_varied_valid_and_loads_once() -> None:
    async with rolled_back():
        before = await ServiceRequest.all().count()
        first = await load_demo_service_requests()
        second = await load_demo_service_requests()
        assert (
            first
            == second
            == {
                "service request categories": 12,
                "service requests": DEMO_REQUESTS,
            }
        )
        assert await ServiceRequest.all().count() == before + DEMO_REQUESTS
        demo_categories = await RequestCategory.filter(
            service_code__in=[c.code for c in CATEGORIES]
        )
        assert len(demo_categories) == 12
        assert 0 < sum(1 for c in demo_categories if c.questions) < 12
        assert any(not c.location_required for c in demo_categories)
        demo = await ServiceRequest.filter(
            category_id__in=[c.id for c in demo_categories]
        ).select_related("category")
        assert len(demo) == DEMO_REQUESTS
        statuses = Counter(r.status for r in demo)
        assert set(statuses) == {
            "received",
            "in_handling",
            "resolved",
            "closed_without_action",
            "rejected",
            "duplicate",
        }
        assert all(
            geography.in_helsinki(r.lat, r.lon)
            for r in demo
            if r.lat is not None and r.lon is not None
        )
        # Every demo answer passes the same validation a citizen's does.
        for r in demo:
            problems = service._Problems()
            assert service.clean_answers(problems, r.category, r.answers) == r.answers
            assert problems.errors == [], (r.number, r.answers)
        events = Counter(
            str(kind)
            for kind in await RequestEvent.filter(request_id__in=[r.id for r in demo]).values_list(
                "kind", flat=True
            )
        )
        assert events["created"] == len(demo)
        assert events["status"] > 100
        assert events["reopened"] > 0
        assert events["merged"] > 0
        assert any(r.status == "duplicate" and r.duplicate_of_id for r in demo)
