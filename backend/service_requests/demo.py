"""Demo departments, categories and a few hundred service requests around Helsinki, in varied
states with their histories: deterministic (a seeded random) and safe to run again (rows are
found by their slugs, service codes and client ids, and only missing ones are made). The
demo staff member gets a handler role in the Urban Environment department, so that the staff
queue has something in it."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from backend.accounts.models import RoleGrant, User
from backend.service_requests import geography
from backend.service_requests.models import (
    Department,
    RequestCategory,
    RequestEvent,
    RequestFollower,
    RequestNumber,
    ServiceRequest,
)
from backend.service_requests.templates import TEMPLATES

SEED = 20260501
DEMO_REQUESTS = 300
# The demo's client ids are derived from this, so that a second run finds the first run's rows.
NAMESPACE = uuid.UUID("5a7c1b3e-8f0d-4c52-9d61-0b2f6e4a9c11")

DEPARTMENTS = {
    "urban-environment": ("Kaupunkiympäristö", "Stadsmiljö", "Urban Environment"),
    "culture-and-leisure": ("Kulttuuri ja vapaa-aika", "Kultur och fritid", "Culture and Leisure"),
    "city-executive-office": ("Kaupunginkanslia", "Stadskansliet", "City Executive Office"),
}


def _texts(fi: str, sv: str, en: str) -> dict[str, str]:
    return {"fi": fi, "sv": sv, "en": en}


def _values(*values: tuple[str, str, str, str]) -> list[dict[str, Any]]:
    return [{"key": key, "name": _texts(fi, sv, en)} for key, fi, sv, en in values]


def _question(
    code: str,
    datatype: str,
    order: int,
    description: tuple[str, str, str],
    *,
    required: bool = False,
    values: list[dict[str, Any]] | None = None,
    variable: bool = True,
) -> dict[str, Any]:
    question: dict[str, Any] = {
        "code": code,
        "datatype": datatype,
        "required": required,
        "variable": variable,
        "order": order,
        "description": _texts(*description),
    }
    if values is not None:
        question["values"] = values
    return question


@dataclass(frozen=True)
class DemoCategory:
    code: str
    department: str
    name: tuple[str, str, str]
    description: tuple[str, str, str]
    group: tuple[str, str, str]
    keywords: str
    questions: list[dict[str, Any]]
    titles: tuple[str, ...]
    location_required: bool = True


STREETS = ("Kadut ja liikenne", "Gator och trafik", "Streets and traffic")
PARKS = ("Puistot ja luonto", "Parker och natur", "Parks and nature")
CLEAN = ("Siisteys", "Renhållning", "Cleanliness")
OTHER = ("Muut", "Övrigt", "Other")

CATEGORIES: tuple[DemoCategory, ...] = (
    DemoCategory(
        "streetlight",
        "urban-environment",
        ("Katuvalo", "Gatubelysning", "Streetlight"),
        (
            "Pimeä, vilkkuva tai vaurioitunut katuvalo.",
            "Släckt, blinkande eller skadad gatubelysning.",
            "A dark, flickering or damaged streetlight.",
        ),
        STREETS,
        "valo,lamppu,light,lamp,ljus",
        [
            _question(
                "problem",
                "singlevaluelist",
                1,
                ("Mikä valossa on vialla?", "Vad är fel på belysningen?", "What is wrong?"),
                required=True,
                values=_values(
                    ("dark", "Ei pala", "Lyser inte", "Not lit"),
                    ("flickering", "Vilkkuu", "Blinkar", "Flickers"),
                    ("day", "Palaa päivällä", "Lyser på dagen", "Lit in daytime"),
                    ("damaged", "Vaurioitunut pylväs", "Skadad stolpe", "Damaged pole"),
                ),
            ),
            _question(
                "lamps",
                "number",
                2,
                ("Montako valoa?", "Hur många lampor?", "How many lights?"),
            ),
        ],
        ("Katuvalo ei pala", "Valo vilkkuu", "Koko katu pimeänä", "Pylväs kallellaan"),
    ),
    DemoCategory(
        "fallen-tree",
        "urban-environment",
        ("Kaatunut puu", "Fallet träd", "Fallen tree"),
        (
            "Kaatunut tai kaatumassa oleva puu tai iso oksa.",
            "Ett fallet eller fallande träd eller en stor gren.",
            "A fallen or leaning tree, or a large branch.",
        ),
        PARKS,
        "puu,oksa,tree,branch,träd",
        [
            _question(
                "blocking",
                "singlevaluelist",
                1,
                ("Estääkö puu kulun?", "Blockerar trädet vägen?", "Is it blocking the way?"),
                required=True,
                values=_values(
                    ("road", "Ajoradan", "Körbanan", "The road"),
                    ("path", "Kävely- tai pyörätien", "Gång- eller cykelvägen", "A path"),
                    ("no", "Ei estä", "Nej", "No"),
                ),
            ),
            _question(
                "notice",
                "text",
                9,
                (
                    "Välitön vaara: soita 112.",
                    "Omedelbar fara: ring 112.",
                    "Immediate danger: call 112.",
                ),
                variable=False,
            ),
        ],
        ("Puu kaatunut polulle", "Iso oksa tiellä", "Myrskyn kaatama puu", "Puu kallistuu"),
    ),
    DemoCategory(
        "full-bin",
        "urban-environment",
        ("Täysi roska-astia", "Full papperskorg", "Full litter bin"),
        (
            "Täysi tai rikkinäinen roska-astia puistossa tai kadulla.",
            "En full eller trasig papperskorg i en park eller på gatan.",
            "A full or broken litter bin in a park or on a street.",
        ),
        CLEAN,
        "roskis,roska,bin,litter,soptunna",
        [
            _question(
                "bin",
                "singlevaluelist",
                1,
                ("Millainen astia?", "Vilken sorts kärl?", "What kind of bin?"),
                values=_values(
                    ("litter", "Roskakori", "Papperskorg", "Litter bin"),
                    ("dog", "Koirapussiastia", "Hundpåsekärl", "Dog waste bin"),
                    ("deep", "Syväkeräysastia", "Djupbehållare", "Deep collection bin"),
                ),
            ),
        ],
        ("Roskis täynnä", "Roskat levinneet maahan", "Koirapussiastia täynnä"),
    ),
    DemoCategory(
        "pothole",
        "urban-environment",
        ("Kuoppa tiessä", "Grop i vägen", "Pothole"),
        (
            "Kuoppa tai vaurio ajoradalla, pyörätiellä tai jalkakäytävällä.",
            "En grop eller skada på körbanan, cykelbanan eller trottoaren.",
            "A pothole or damage on a road, bike path or pavement.",
        ),
        STREETS,
        "kuoppa,asfaltti,pothole,asphalt,grop",
        [
            _question(
                "size",
                "number",
                1,
                ("Arvioitu halkaisija (cm)", "Uppskattad diameter (cm)", "Estimated width (cm)"),
            ),
            _question(
                "surface",
                "singlevaluelist",
                2,
                ("Missä kuoppa on?", "Var är gropen?", "Where is it?"),
                required=True,
                values=_values(
                    ("road", "Ajoradalla", "På körbanan", "On the road"),
                    ("bike", "Pyörätiellä", "På cykelbanan", "On a bike path"),
                    ("walk", "Jalkakäytävällä", "På trottoaren", "On the pavement"),
                ),
            ),
        ],
        ("Syvä kuoppa", "Asfaltti rikki", "Kuoppa pyörätiellä"),
    ),
    DemoCategory(
        "graffiti",
        "urban-environment",
        ("Töhry tai graffiti", "Klotter", "Graffiti"),
        (
            "Luvaton maalaus tai tarra julkisessa paikassa.",
            "Otillåten målning eller klistermärke på en offentlig plats.",
            "Unauthorised paint or stickers in a public place.",
        ),
        CLEAN,
        "töhry,graffiti,klotter,tarra",
        [
            _question(
                "offensive",
                "singlevaluelist",
                1,
                ("Onko sisältö loukkaavaa?", "Är innehållet kränkande?", "Is it offensive?"),
                required=True,
                values=_values(
                    ("yes", "Kyllä", "Ja", "Yes"),
                    ("no", "Ei", "Nej", "No"),
                ),
            ),
        ],
        ("Töhryjä sillan alla", "Graffiti koulun seinässä", "Tarroja liikennemerkissä"),
    ),
    DemoCategory(
        "park-maintenance",
        "urban-environment",
        ("Puiston kunnossapito", "Parkskötsel", "Park maintenance"),
        (
            "Rikkinäinen penkki, aita, valaisin tai muu puiston varuste.",
            "En trasig bänk, ett staket eller annan parkutrustning.",
            "A broken bench, fence or other park equipment.",
        ),
        PARKS,
        "puisto,penkki,park,bench,parkbänk",
        [],
        ("Penkki rikki", "Aita kaatunut", "Nurmikko niittämättä", "Polku sortunut"),
    ),
    DemoCategory(
        "snow-removal",
        "urban-environment",
        ("Lumen auraus", "Snöplogning", "Snow clearing"),
        (
            "Auraamaton katu, jalkakäytävä tai pysäkki.",
            "En oplogad gata, trottoar eller hållplats.",
            "An uncleared street, pavement or stop.",
        ),
        STREETS,
        "lumi,auraus,snow,plough,snö",
        [
            _question(
                "where",
                "multivaluelist",
                1,
                ("Mikä on auraamatta?", "Vad är oplogat?", "What is not cleared?"),
                required=True,
                values=_values(
                    ("street", "Ajorata", "Körbana", "Street"),
                    ("walk", "Jalkakäytävä", "Trottoar", "Pavement"),
                    ("bike", "Pyörätie", "Cykelbana", "Bike path"),
                    ("stop", "Pysäkki", "Hållplats", "Stop"),
                ),
            ),
        ],
        ("Katu auraamatta", "Jalkakäytävä lumessa", "Pysäkki auraamatta"),
    ),
    DemoCategory(
        "slippery-walkway",
        "urban-environment",
        ("Liukas jalkakäytävä", "Halt trottoar", "Slippery pavement"),
        (
            "Hiekoittamaton tai jäinen kävelyreitti.",
            "En osandad eller isig gångväg.",
            "An unsanded or icy walkway.",
        ),
        STREETS,
        "liukas,jää,hiekoitus,ice,slippery,is",
        [],
        ("Todella liukasta", "Portaat jäässä", "Hiekoitus puuttuu"),
    ),
    DemoCategory(
        "playground",
        "culture-and-leisure",
        ("Leikkipuisto", "Lekpark", "Playground"),
        (
            "Rikkinäinen tai vaarallinen leikkiväline.",
            "Trasig eller farlig lekutrustning.",
            "Broken or dangerous play equipment.",
        ),
        PARKS,
        "leikkipuisto,keinu,playground,swing,gunga",
        [
            _question(
                "equipment",
                "string",
                1,
                ("Mikä leikkiväline?", "Vilken lekutrustning?", "Which equipment?"),
                required=True,
            ),
        ],
        ("Keinu rikki", "Liukumäessä terävä reuna", "Hiekkalaatikossa lasia"),
    ),
    DemoCategory(
        "traffic-sign",
        "urban-environment",
        ("Liikennemerkki", "Trafikmärke", "Traffic sign"),
        (
            "Vaurioitunut, kaatunut tai puuttuva liikennemerkki.",
            "Ett skadat, vält eller saknat trafikmärke.",
            "A damaged, fallen or missing traffic sign.",
        ),
        STREETS,
        "merkki,liikenne,sign,märke",
        [
            _question(
                "state",
                "singlevaluelist",
                1,
                ("Mikä merkissä on vialla?", "Vad är fel på märket?", "What is wrong with it?"),
                required=True,
                values=_values(
                    ("fallen", "Kaatunut", "Vält", "Fallen"),
                    ("missing", "Puuttuu", "Saknas", "Missing"),
                    ("hidden", "Peittynyt", "Skymt", "Hidden"),
                ),
            ),
        ],
        ("Merkki kaatunut", "Stop-merkki puuttuu", "Merkki pensaan takana"),
    ),
    DemoCategory(
        "abandoned-vehicle",
        "urban-environment",
        ("Hylätty ajoneuvo", "Övergivet fordon", "Abandoned vehicle"),
        (
            "Kadulle tai puistoon hylätty auto, mopo tai polkupyörä.",
            "En bil, moped eller cykel som lämnats på gatan eller i en park.",
            "A car, moped or bicycle left on a street or in a park.",
        ),
        STREETS,
        "auto,romu,pyörä,car,bike,bil",
        [
            _question(
                "registration",
                "string",
                1,
                ("Rekisterinumero", "Registreringsnummer", "Registration number"),
            ),
            _question(
                "since",
                "datetime",
                2,
                ("Mistä asti se on ollut paikalla?", "Sedan när?", "Since when has it been there?"),
            ),
        ],
        ("Romuauto parkkipaikalla", "Hylätty pyörä", "Mopo puistossa"),
    ),
    DemoCategory(
        "feedback",
        "city-executive-office",
        ("Palaute kaupungille", "Respons till staden", "Feedback to the City"),
        (
            "Kiitos, kysymys, kehitysidea tai moite: kaupunki vastaa.",
            "Tack, en fråga, en idé eller klagomål: staden svarar.",
            "Thanks, a question, an idea or a complaint: the City answers.",
        ),
        OTHER,
        "palaute,kiitos,idea,feedback,respons",
        [
            _question(
                "kind",
                "singlevaluelist",
                1,
                ("Millaista palautetta?", "Vilken sorts respons?", "What kind of feedback?"),
                values=_values(
                    ("thanks", "Kiitos", "Tack", "Thanks"),
                    ("idea", "Idea", "Idé", "Idea"),
                    ("complaint", "Moite", "Klagomål", "Complaint"),
                    ("question", "Kysymys", "Fråga", "Question"),
                ),
            ),
        ],
        ("Kiitos hyvästä palvelusta", "Idea uudesta penkistä", "Kysymys kirjaston aukiolosta"),
        location_required=False,
    ),
)

DESCRIPTIONS = (
    "Huomasin tämän tänä aamuna kävellessäni töihin.",
    "Tilanne on jatkunut jo useamman päivän.",
    "Paikka on lähellä bussipysäkkiä, moni kulkee tästä.",
    "Voisiko asialle tehdä jotain pian? Kiitos!",
    "Jag såg detta i går kväll.",
    "Noticed this on my way to the metro.",
    "Lapset leikkivät tässä usein, joten asia olisi hyvä korjata.",
    "",
)
NAMES = ("Matti M.", "Liisa K.", "Anna", "Jussi V.", "Sanna", "Erik L.", "Maria", "Tuomas")
ADDRESSES = (
    "Mannerheimintie 10",
    "Hämeentie 33",
    "Mechelininkatu 15",
    "Itäkatu 5",
    "Pasilanraitio 8",
    "Kauppatori",
    "Kaisaniemenpuisto",
    "Vuosaarentie 2",
)
# (weight, final status, path of statuses to it)
OUTCOMES: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (30, "received", ()),
    (25, "in_handling", ("in_handling",)),
    (25, "resolved", ("in_handling", "resolved")),
    (6, "closed_without_action", ("in_handling", "closed_without_action")),
    (4, "rejected", ("rejected",)),
    (5, "duplicate", ("duplicate",)),
    (5, "in_handling", ("in_handling", "resolved", "in_handling")),  # reopened
)


def _point(rng: random.Random) -> tuple[float, float]:
    """A point in the built-up city (rejection-sampled inside the City's polygon)."""
    while True:
        lat = round(rng.uniform(60.155, 60.27), 6)
        lon = round(rng.uniform(24.86, 25.15), 6)
        if geography.in_helsinki(lat, lon):
            return lat, lon


def _answers(category: DemoCategory, rng: random.Random, now: datetime) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in category.questions:
        if q.get("variable") is False or (not q.get("required") and rng.random() < 0.4):
            continue
        keys = [v["key"] for v in q.get("values", [])]
        if q["datatype"] == "singlevaluelist":
            answers[q["code"]] = rng.choice(keys)
        elif q["datatype"] == "multivaluelist":
            answers[q["code"]] = [k for k in keys if rng.random() < 0.5] or keys[:1]
        elif q["datatype"] == "number":
            answers[q["code"]] = rng.randint(1, 60)
        elif q["datatype"] == "datetime":
            answers[q["code"]] = (now - timedelta(days=rng.randint(2, 20))).isoformat()
        else:
            answers[q["code"]] = rng.choice(("Keinu", "ABC-123", "Iso punainen", "Liukumäki"))
    return answers


def _note(status: str, rng: random.Random) -> str:
    choices = [t for t in TEMPLATES if t.status == status]
    return rng.choice(choices).text["fi"] if choices else ""


async def _departments() -> dict[str, Department]:
    found = {}
    for slug, (fi, sv, en) in DEPARTMENTS.items():
        department, _ = await Department.update_or_create(
            defaults={"name_fi": fi, "name_sv": sv, "name_en": en}, slug=slug
        )
        found[slug] = department
    return found


async def _categories(departments: dict[str, Department]) -> dict[str, RequestCategory]:
    found = {}
    for order, c in enumerate(CATEGORIES):
        category, _ = await RequestCategory.update_or_create(
            defaults={
                "name_fi": c.name[0],
                "name_sv": c.name[1],
                "name_en": c.name[2],
                "description_fi": c.description[0],
                "description_sv": c.description[1],
                "description_en": c.description[2],
                "group_fi": c.group[0],
                "group_sv": c.group[1],
                "group_en": c.group[2],
                "keywords": c.keywords,
                "department_id": departments[c.department].id,
                "active": True,
                "location_required": c.location_required,
                "questions": c.questions,
                "sort_order": order,
            },
            service_code=c.code,
        )
        found[c.code] = category
    return found


async def load_demo_service_requests(now: datetime | None = None) -> dict[str, int]:
    """Creates or updates the demo departments and categories, and the demo requests that are
    missing. How many of each the demo has."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    rng = random.Random(SEED)
    async with in_transaction():
        departments = await _departments()
        categories = await _categories(departments)
        citizen = await User.filter(login_email="citizen@example.fi").first()
        staff = await User.filter(login_email="staff@example.fi").first()
        if staff is not None:
            await RoleGrant.get_or_create(
                user=staff,
                role="handler",
                scope_type="department",
                scope_id=str(departments["urban-environment"].id),
            )
        client_ids = [uuid.uuid5(NAMESPACE, f"demo-{n}") for n in range(DEMO_REQUESTS)]
        existing = set(
            await ServiceRequest.filter(client_id__in=client_ids).values_list(
                "client_id", flat=True
            )
        )
        weights = [o[0] for o in OUTCOMES]
        made: list[ServiceRequest] = []  # in creation order, for duplicates to point back
        for n, client_id in enumerate(client_ids):
            # Every draw happens for every request, made or not, so that a second run sees the
            # same sequence of choices.
            category = CATEGORIES[rng.randrange(len(CATEGORIES))]
            lat, lon = _point(rng)
            located = category.location_required or rng.random() < 0.5
            age = timedelta(days=(DEMO_REQUESTS - n) * 90 / DEMO_REQUESTS, hours=rng.randint(0, 20))
            created_at = now - age
            _, final, path = rng.choices(OUTCOMES, weights=weights)[0]
            mine = rng.random() < 0.08
            named = rng.random() < 0.6
            title = rng.choice(category.titles)
            description = rng.choice(DESCRIPTIONS)
            address = rng.choice(ADDRESSES) if rng.random() < 0.5 else ""
            answers = _answers(category, rng, created_at)
            notes = [_note(s, rng) for s in path]
            step_hours = [rng.randint(2, 72) for _ in path]
            follow = rng.random() < 0.1
            if client_id in existing:
                continue
            original = next(
                (
                    m
                    for m in reversed(made)
                    if m.category_id == categories[category.code].id and m.status != "duplicate"
                ),
                None,
            )
            if final == "duplicate" and original is None:
                final, path, notes, step_hours = "received", (), [], []
            number = await RequestNumber.create(created_at=created_at)
            times = []
            at = created_at
            for hours in step_hours:
                at = min(at + timedelta(hours=hours), now)
                times.append(at)
            request = await ServiceRequest.create(
                number=number.id,
                category_id=categories[category.code].id,
                title=title,
                description=description,
                lat=lat if located else None,
                lon=lon if located else None,
                address=address,
                answers=answers,
                status=final,
                duplicate_of_id=original.id if final == "duplicate" and original else None,
                reporter_id=citizen.id if mine and citizen else None,
                contact_name=rng_name(n) if named else "",
                contact_email=f"demo{n}@example.fi" if named else "",
                show_name=named and n % 3 == 0,
                client_id=client_id,
                channel="app",
                created_at=created_at,
                updated_at=times[-1] if times else created_at,
            )
            events = [
                RequestEvent(
                    request_id=request.id,
                    at=created_at,
                    actor_id=request.reporter_id,
                    kind="created",
                    status="received",
                )
            ]
            previous = "received"
            for status, note, when in zip(path, notes, times, strict=True):
                kind = "reopened" if previous not in ("received", "in_handling") else "status"
                if status == "duplicate":
                    kind = "merged"
                events.append(
                    RequestEvent(
                        request_id=request.id,
                        at=when,
                        actor_id=staff.id if staff else None,
                        kind=kind,
                        status=status,
                        public_note=note,
                        payload={"from": previous},
                    )
                )
                previous = status
            if final == "duplicate" and original is not None:
                events.append(
                    RequestEvent(
                        request_id=original.id,
                        at=times[-1],
                        actor_id=staff.id if staff else None,
                        kind="merged",
                        payload={"duplicate": request.number},
                    )
                )
            await RequestEvent.bulk_create(events)
            if follow and citizen is not None and not mine:
                await RequestFollower.get_or_create(user=citizen, request_id=request.id)
            made.append(request)
    return {
        "service request categories": len(CATEGORIES),
        "service requests": await ServiceRequest.filter(client_id__in=client_ids).count(),
    }


def rng_name(n: int) -> str:
    return NAMES[n % len(NAMES)]
