"""Cursor paging shared by every connection: opaque offset cursors and page-size limits."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry import relay
from strawberry.relay.utils import from_base64, to_base64

from backend.api.errors import BadUserInput
from backend.i18n import Language

CURSOR_PREFIX = "offset"


@dataclass(frozen=True)
class PageRequest:
    offset: int
    limit: int

    def cursor(self, index_in_page: int) -> str:
        return encode_cursor(self.offset + index_in_page)

    def page_info(self, count: int, total: int) -> relay.PageInfo:
        """Relay's page info for `count` items of this page out of `total`."""
        return relay.PageInfo(
            has_next_page=self.offset + count < total,
            has_previous_page=self.offset > 0,
            start_cursor=self.cursor(0) if count else None,
            end_cursor=self.cursor(count - 1) if count else None,
        )


def encode_cursor(position: int) -> str:
    return to_base64(CURSOR_PREFIX, position)


def decode_cursor(cursor: str, language: Language) -> int:
    try:
        prefix, raw = from_base64(cursor)
        position = int(raw)
    except ValueError:
        raise BadUserInput("bad_cursor", language) from None
    if prefix != CURSOR_PREFIX or position < 0:
        raise BadUserInput("bad_cursor", language)
    return position


def page_request(
    first: int | None, after: str | None, *, default: int, maximum: int, language: Language
) -> PageRequest:
    size = default if first is None else first
    if size < 0 or size > maximum:
        raise BadUserInput("page_too_large", language, max=maximum)
    offset = decode_cursor(after, language) + 1 if after else 0
    return PageRequest(offset=offset, limit=size)
