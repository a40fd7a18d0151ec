"""Open311 GeoReport v2 output: one plain structure (dicts, lists, text, numbers, booleans,
None), rendered as JSON or as XML with the specification's element names.

JSON keeps the structure as it is (lists at the top level: `[ {...} ]`). XML wraps it in the
root element the specification names (`<services>`, `<service_requests>`, `<errors>`, …); a list
becomes its key's element holding one element per item (`<attributes><attribute>…`, see
`ITEM_NAMES`), None an empty element, booleans `true`/`false`. Both are UTF-8; the XML starts
with `<?xml version="1.0" encoding="utf-8"?>`. Characters XML 1.0 cannot hold are left out of
the XML (the service layer never stores them; this is a second guard).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Literal
from xml.etree import ElementTree

from starlette.responses import Response

Format = Literal["json", "xml"]
FORMATS: dict[str, Format] = {"json": "json", "xml": "xml"}
MEDIA_TYPES: dict[Format, str] = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

# The element of each item of a list, by the list's own element name.
ITEM_NAMES: dict[str, str] = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "media_urls": "media_url",
    "status_history": "entry",
}

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return _NOT_XML.sub("", str(value))


def _fill(element: ElementTree.Element, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _fill(ElementTree.SubElement(element, key), item)
    elif isinstance(value, list | tuple):
        item_name = ITEM_NAMES.get(element.tag, "item")
        for item in value:
            _fill(ElementTree.SubElement(element, item_name), item)
    else:
        element.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    element = ElementTree.Element(root)
    _fill(element, value)
    return (XML_DECLARATION + ElementTree.tostring(element, encoding="unicode")).encode("utf-8")


def to_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def render(fmt: Format, root: str, value: Any) -> bytes:
    """`root` names the XML root element (JSON has none)."""
    return to_json(value) if fmt == "json" else to_xml(root, value)


def response(
    fmt: Format,
    root: str,
    value: Any,
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    return Response(
        render(fmt, root, value),
        status_code=status,
        headers=dict(headers or {}),
        media_type=MEDIA_TYPES[fmt],
    )


def error_response(
    fmt: Format,
    status: int,
    descriptions: list[str],
    *,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The specification's error list: `[{"code": <HTTP status>, "description": …}]`."""
    errors = [{"code": status, "description": d} for d in descriptions]
    return response(
        fmt,
        "errors",
        errors,
        status=status,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )
