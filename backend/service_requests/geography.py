"""Where the City of Helsinki is: a simplified polygon of its land and sea area.

The polygon follows the City's boundary loosely (a few hundred metres' margin, more at sea), with
its sea area and islands (Suomenlinna, Vallisaari, Harmaja, the outer islands as far as the
Helsinki lighthouse) and Östersundom in the east. It leaves out Espoo (Tapiola, Otaniemi) and
Vantaa (Tikkurila, the airport). Distances are metres on the equirectangular projection, like
`backend.catalogue.service.distance_m`.
"""

from __future__ import annotations

import math

from backend.service_requests.models import BOX

# (lat, lon), clockwise from the west coast.
HELSINKI_POLYGON: tuple[tuple[float, float], ...] = (
    (60.100, 24.780),  # the sea south-west of Lauttasaari
    (60.150, 24.830),  # between Lauttasaari and Westend
    (60.175, 24.845),  # Laajalahti, the border with Espoo (Otaniemi stays out)
    (60.200, 24.855),  # Munkkiniemi
    (60.225, 24.835),  # Pitäjänmäki, Konala
    (60.245, 24.825),  # Kaarela, Espoo and Vantaa
    (60.265, 24.860),
    (60.270, 24.940),  # Paloheinä
    (60.290, 24.980),  # Tuomarinkylä
    (60.285, 25.060),  # Suutarila, below Tikkurila
    (60.265, 25.100),  # Jakomäki
    (60.300, 25.170),  # Östersundom
    (60.300, 25.270),
    (60.210, 25.270),  # the border with Sipoo, to the sea
    (60.130, 25.300),
    (59.920, 25.200),  # the outer sea area
    (59.920, 24.780),
)

METRES_PER_DEGREE = 111_320.0


def in_box(lat: float, lon: float) -> bool:
    south, west, north, east = BOX
    return south <= lat <= north and west <= lon <= east


def in_helsinki(lat: float, lon: float) -> bool:
    """Whether the point is inside the polygon (ray casting), and so inside the database's box."""
    if not (math.isfinite(lat) and math.isfinite(lon)) or not in_box(lat, lon):
        return False
    inside = False
    points = HELSINKI_POLYGON
    j = len(points) - 1
    for i in range(len(points)):
        lat_i, lon_i = points[i]
        lat_j, lon_j = points[j]
        if (lat_i > lat) != (lat_j > lat):
            crossing = lon_i + (lat - lat_i) * (lon_j - lon_i) / (lat_j - lat_i)
            if lon < crossing:
                inside = not inside
        j = i
    return inside


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    k = math.cos(math.radians(lat1))
    dy, dx = lat2 - lat1, k * (lon2 - lon1)
    return math.sqrt(dy * dy + dx * dx) * METRES_PER_DEGREE


def box_around(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a box that holds every point within `radius_m`."""
    dlat = radius_m / METRES_PER_DEGREE
    dlon = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon
