"""The catalogue through `/graphql`: filters, paging, languages, `near`, limits and bad input."""

from __future__ import annotations

import base64
import math
from dataclasses import replace
from typing import Any

import httpx

from backend.app import create_app
from backend.settings import Settings
from tests.conftest import QueryCounter
from tests.helpers import error_codes, gql, gql_data

UNITS = """
query Units($first: Int, $after: String, $search: String, $serviceId: ID, $near: LocationInput) {
  units(first: $first, after: $after, search: $search, serviceId: $serviceId, near: $near) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name streetAddress area distance location { lat lon } } }
  }
}
"""
SERVICES = """
query Services($first: Int, $after: String, $search: String, $categoryId: ID) {
  services(first: $first, after: $after, search: $search, categoryId: $categoryId) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name unitCount category { id name } } }
  }
}
"""
PAGE_WITH_RELATIONS = """
query Page($first: Int) {
  units(first: $first) {
    edges { node {
      id name
      services { id name category { id name } }
      weeklyHours { weekday opens closes }
      openingHours(days: 7) { date closed note intervals { opens closes } }
    } }
  }
}
"""
KALLIO = {"fi": "Kallion kirjasto", "sv": "Berghälls bibliotek", "en": "Kallio Library"}


def names(data: dict[str, Any], field: str = "units") -> list[str]:
    return [e["node"]["name"] for e in data[field]["edges"]]


async def all_units(client: httpx.AsyncClient, **variables: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    after = None
    while True:
        data = await gql_data(client, UNITS, {"first": 7, "after": after, **variables})
        found += [e["node"] for e in data["units"]["edges"]]
        if not data["units"]["pageInfo"]["hasNextPage"]:
            return found
        after = data["units"]["pageInfo"]["endCursor"]


async def test_demo_catalogue_is_big_enough(client: httpx.AsyncClient) -> None:
    data = await gql_data(
        client,
        "{ units(first: 0) { totalCount } "
        "services(first: 0) { totalCount } serviceCategories { id } }",
    )
    assert data["units"]["totalCount"] >= 40
    assert data["services"]["totalCount"] >= 20
    assert len(data["serviceCategories"]) >= 6


async def test_paging_walks_every_unit_once_in_name_order(client: httpx.AsyncClient) -> None:
    total = (await gql_data(client, UNITS, {"first": 0}))["units"]["totalCount"]
    units = await all_units(client)
    ids = [u["id"] for u in units]
    assert len(ids) == total == len(set(ids))
    first_page = await gql_data(client, UNITS, {"first": 7})
    info = first_page["units"]["pageInfo"]
    assert info["hasNextPage"]
    assert not info["hasPreviousPage"]
    second = await gql_data(client, UNITS, {"first": 7, "after": info["endCursor"]})
    assert second["units"]["pageInfo"]["hasPreviousPage"]
    assert set(names(first_page)).isdisjoint(names(second))


async def test_units_are_ordered_by_name_in_the_request_language(
    client: httpx.AsyncClient,
) -> None:
    orders = {}
    for lang in ("fi", "sv", "en"):
        data = await gql_data(client, UNITS, {"first": 100}, lang=lang)
        listed = names(data)
        # Collations differ between engines beyond ASCII; the initial letters must be in order.
        initials = [n[0].upper() for n in listed if "A" <= n[0].upper() <= "Z"]
        assert initials == sorted(initials), (lang, listed)
        orders[lang] = [e["node"]["id"] for e in data["units"]["edges"]]
    assert orders["fi"] != orders["sv"]


async def test_language_from_accept_language_then_lang_parameter(
    client: httpx.AsyncClient,
) -> None:
    query = "query($s: String) { language units(search: $s) { edges { node { name } } } }"
    variables = {"s": "kallio library"}
    for header, expected in [
        ("sv-FI,sv;q=0.9", "sv"),
        ("en-GB", "en"),
        ("de-DE, en;q=0.5", "en"),
        ("de, fr", "fi"),
        ("", "fi"),
        ("en;q=0.2, sv;q=0.8", "sv"),
    ]:
        data = await gql_data(client, query, variables, headers={"Accept-Language": header})
        assert data["language"] == expected.upper(), header
        assert KALLIO[expected] in names(data), (header, names(data))
    chosen = await gql_data(client, query, variables, lang="en", headers={"Accept-Language": "sv"})
    assert chosen["language"] == "EN"
    assert KALLIO["en"] in names(chosen)


async def test_search_matches_names_in_every_language_and_the_services(
    client: httpx.AsyncClient,
) -> None:
    for text in ("kallion kirjasto", "BERGHÄLLS", "Kallio Library"):
        assert KALLIO["fi"] in names(await gql_data(client, UNITS, {"search": text})), text
    library_units = await all_units(client, search="kirjasto")
    assert len(library_units) >= 5
    assert (await gql_data(client, UNITS, {"search": "zzqx-no-such-place"}))["units"] == {
        "totalCount": 0,
        "edges": [],
        "pageInfo": {
            "hasNextPage": False,
            "hasPreviousPage": False,
            "startCursor": None,
            "endCursor": None,
        },
    }
    # LIKE wildcards in the text are matched literally, not as patterns.
    assert (await gql_data(client, UNITS, {"search": "%"}))["units"]["totalCount"] == 0
    assert (await gql_data(client, UNITS, {"search": "_"}))["units"]["totalCount"] == 0


async def test_services_filter_by_category_and_search(client: httpx.AsyncClient) -> None:
    categories = (await gql_data(client, "{ serviceCategories { id name services { id } } }"))[
        "serviceCategories"
    ]
    for category in categories:
        data = await gql_data(client, SERVICES, {"categoryId": category["id"], "first": 100})
        listed = {e["node"]["id"] for e in data["services"]["edges"]}
        assert listed == {s["id"] for s in category["services"]}
        assert all(e["node"]["category"]["id"] == category["id"] for e in data["services"]["edges"])
    everything = await gql_data(client, SERVICES, {"first": 100})
    some = everything["services"]["edges"][0]["node"]
    word = some["name"].split()[0]
    found = await gql_data(client, SERVICES, {"search": word.upper(), "first": 100})
    assert some["id"] in {e["node"]["id"] for e in found["services"]["edges"]}


async def test_units_of_a_service_match_its_unit_count(client: httpx.AsyncClient) -> None:
    services = (await gql_data(client, SERVICES, {"first": 100}))["services"]["edges"]
    for edge in services[:8]:
        service = edge["node"]
        offered = await all_units(client, serviceId=service["id"])
        assert len(offered) == service["unitCount"] >= 1
        for unit in offered[:3]:
            detail = await gql_data(
                client,
                "query($id: ID!) { node(id: $id) { ... on Unit { services { id } } } }",
                {"id": unit["id"]},
            )
            assert service["id"] in {s["id"] for s in detail["node"]["services"]}


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


async def test_near_orders_by_distance_and_reports_it(client: httpx.AsyncClient) -> None:
    for lat, lon in [(60.1699, 24.9384), (60.2100, 25.0800), (60.2500, 25.0100)]:
        units = await all_units(client, near={"lat": lat, "lon": lon})
        distances = [u["distance"] for u in units]
        assert distances == sorted(distances)
        for unit in units:
            # Reported on a local projection: within 0.1 % of the great-circle distance.
            expected = haversine(lat, lon, unit["location"]["lat"], unit["location"]["lon"])
            assert abs(unit["distance"] - expected) <= 0.001 * expected + 0.01
    no_near = await gql_data(client, UNITS, {"first": 3})
    assert all(e["node"]["distance"] is None for e in no_near["units"]["edges"])


async def test_near_with_service_and_search_combined(client: httpx.AsyncClient) -> None:
    services = (await gql_data(client, SERVICES, {"first": 100}))["services"]["edges"]
    busiest = max(services, key=lambda e: e["node"]["unitCount"])["node"]
    units = await all_units(client, serviceId=busiest["id"], near={"lat": 60.2, "lon": 25.0})
    assert len(units) == busiest["unitCount"]
    assert [u["distance"] for u in units] == sorted(u["distance"] for u in units)


async def test_node_resolves_every_type_and_null_for_unknown(client: httpx.AsyncClient) -> None:
    data = await gql_data(
        client,
        "{ units(first: 1) { edges { node { id name "
        "services { id name category { id name } } } } } }",
    )
    unit = data["units"]["edges"][0]["node"]
    service = unit["services"][0]
    for obj, typename in [
        (unit, "Unit"),
        (service, "Service"),
        (service["category"], "ServiceCategory"),
    ]:
        found = await gql_data(
            client,
            "query($id: ID!) { node(id: $id) { __typename id "
            "... on Unit { name } ... on Service { name } "
            "... on ServiceCategory { name } } }",
            {"id": obj["id"]},
        )
        assert found["node"] == {"__typename": typename, "id": obj["id"], "name": obj["name"]}
    unknown = base64.b64encode(b"Unit:987654321").decode()
    assert (await gql_data(client, "query($id: ID!) { node(id: $id) { id } }", {"id": unknown}))[
        "node"
    ] is None
    both = await gql_data(
        client, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [unit["id"], unknown]}
    )
    assert both["nodes"] == [{"id": unit["id"]}, None]


async def test_bad_input_gets_typed_localized_errors(client: httpx.AsyncClient) -> None:
    not_a_cursor = "definitely-not-a-cursor"
    wrong_prefix = base64.b64encode(b"Unit:3").decode()
    service_as_unit = base64.b64encode(b"Unit:1").decode()
    cases: list[tuple[str, dict[str, Any], str]] = [
        (UNITS, {"after": not_a_cursor}, "BAD_USER_INPUT"),
        (UNITS, {"after": wrong_prefix}, "BAD_USER_INPUT"),
        (UNITS, {"first": 101}, "BAD_USER_INPUT"),
        (UNITS, {"first": -1}, "BAD_USER_INPUT"),
        (UNITS, {"first": 2**31 - 1}, "BAD_USER_INPUT"),
        (UNITS, {"serviceId": "nonsense"}, "BAD_USER_INPUT"),
        (UNITS, {"serviceId": service_as_unit}, "BAD_USER_INPUT"),
        (UNITS, {"serviceId": base64.b64encode(b"Service:99999").decode()}, "NOT_FOUND"),
        (UNITS, {"near": {"lat": 91, "lon": 0}}, "BAD_USER_INPUT"),
        (UNITS, {"search": "x" * 201}, "BAD_USER_INPUT"),
        (
            SERVICES,
            {"categoryId": base64.b64encode(b"ServiceCategory:99999").decode()},
            "NOT_FOUND",
        ),
        ("query($id: ID!) { node(id: $id) { id } }", {"id": "%%%"}, "BAD_USER_INPUT"),
        (
            "query($id: ID!) { node(id: $id) { id } }",
            {"id": base64.b64encode(b"Secret:1").decode()},
            "BAD_USER_INPUT",
        ),
        (
            "{ units(first: 1) { edges { node { openingHours(days: 400) { date } } } } }",
            {},
            "BAD_USER_INPUT",
        ),
    ]
    for query, variables, code in cases:
        body = await gql(client, query, variables, lang="en")
        assert error_codes(body) == [code], (variables, body)
        assert body["errors"][0]["message"] != "Unexpected error.", body
    finnish = await gql(client, UNITS, {"first": 500}, lang="fi")
    swedish = await gql(client, UNITS, {"first": 500}, lang="sv")
    assert "Sivun koko" in finnish["errors"][0]["message"]
    assert "Sidstorleken" in swedish["errors"][0]["message"]


async def test_query_limits_refuse_deep_aliased_and_huge_queries(
    client: httpx.AsyncClient,
) -> None:
    deep = "{ serviceCategories { " + "services { category { " * 4 + "id" + " } }" * 4 + " } }"
    aliased = "{ " + " ".join(f"a{i}: language" for i in range(40)) + " }"
    huge = "{ " + " ".join("language" for _ in range(3000)) + " }"
    for query, reason in [(deep, "depth"), (aliased, "aliases"), (huge, "tokens")]:
        response = await client.post("/graphql", json={"query": query})
        body = response.json()
        assert body.get("data") is None, reason
        assert len(body["errors"]) == 1, body["errors"]
        assert reason in body["errors"][0]["message"], body["errors"]
    allowed = "{ serviceCategories { " + "services { category { " * 3 + "id" + " } }" * 3 + " } }"
    assert "errors" not in (await client.post("/graphql", json={"query": allowed})).json()


async def test_queries_work_over_get_and_mutations_do_not(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql",
        params={"query": "query Lang { language }", "operationName": "Lang", "lang": "sv"},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"language": "SV"}}
    posted = await client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert posted.status_code == 400


async def test_graphiql_only_in_development(client: httpx.AsyncClient, settings: Settings) -> None:
    production = await client.get("/graphql", headers={"accept": "text/html"})
    assert "graphiql" not in production.text.lower()
    development = create_app(replace(settings, debug=True), manage_db=False)
    transport = httpx.ASGITransport(app=development)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as dev_client:
        page = await dev_client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


async def test_unit_page_query_count_is_constant(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    counts = {}
    for size in (1, 5, 40):
        count_queries.queries.clear()
        data = await gql_data(client, PAGE_WITH_RELATIONS, {"first": size})
        assert len(data["units"]["edges"]) == size
        assert any(e["node"]["services"] for e in data["units"]["edges"])
        counts[size] = len(count_queries.queries)
    assert counts[1] == counts[5] == counts[40], counts
    # count, page, services of units, their categories, weekly hours, exceptions
    assert counts[40] <= 6, count_queries.queries


async def test_service_search_matches_the_category_name(client: httpx.AsyncClient) -> None:
    for lang in ("fi", "sv", "en"):
        query = "{ serviceCategories { name services { id } } }"
        categories = (await gql_data(client, query, lang=lang))["serviceCategories"]
        for category in categories:
            variables = {"search": category["name"], "first": 100}
            found = await gql_data(client, SERVICES, variables, lang=lang)
            assert {s["id"] for s in category["services"]} <= {
                e["node"]["id"] for e in found["services"]["edges"]
            }, category["name"]
