"""GraphQL face of blocked time: thin types and resolvers over `blocks`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Annotated

import strawberry
from strawberry import relay

from backend.accounts.errors import AccountsError
from backend.api.context import Info
from backend.api.errors import Refused
from backend.api.mutations import MutationError, mutation_error
from backend.appointments import blocks, models, service
from backend.appointments.schema import _int_id, _uuid_id


@strawberry.type(description="Time staff took out of a resource's bookable time.")
class TimeBlock:
    id: strawberry.ID
    resource_id: strawberry.ID
    starts_at: datetime
    ends_at: datetime
    reason: str

    @classmethod
    def of(cls, b: models.ResourceBlock) -> TimeBlock:
        return cls(
            id=strawberry.ID(str(relay.GlobalID("TimeBlock", str(b.id)))),
            resource_id=strawberry.ID(str(relay.GlobalID("Resource", str(b.resource_id)))),
            starts_at=b.starts_at,
            ends_at=b.ends_at,
            reason=b.reason,
        )


@strawberry.input(description="Staff: take time out of a resource's bookable time.")
class BlockTimeInput:
    resource_id: strawberry.ID
    starts_at: datetime = strawberry.field(description="On a 5-minute step, with a time zone.")
    ends_at: datetime = strawberry.field(description="At most 14 days after `startsAt`.")
    reason: str = ""


@strawberry.input
class UnblockTimeInput:
    block_id: strawberry.ID


@strawberry.type
class TimeBlockPayload:
    block: TimeBlock | None
    errors: list[MutationError]


async def _payload(
    info: Info, work: Callable[[], Awaitable[models.ResourceBlock]]
) -> TimeBlockPayload:
    try:
        block = await work()
    except AccountsError as error:
        return TimeBlockPayload(block=None, errors=[mutation_error(error, info.context.language)])
    return TimeBlockPayload(block=TimeBlock.of(block), errors=[])


@strawberry.type
class BlocksQuery:
    @strawberry.field(
        description="Staff: the blocked time of a unit's resources between two local dates "
        "(inclusive, at most 62 days)."
    )
    async def unit_time_blocks(
        self,
        info: Info,
        unit_id: strawberry.ID,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
    ) -> list[TimeBlock]:
        info.context.mark_personal()
        try:
            found = await blocks.unit_blocks(
                info.context.principal, _int_id(unit_id, "Unit", "unitId"), from_, to
            )
        except AccountsError as error:
            raise Refused(error.code, error.message(info.context.language), error.field) from None
        return [TimeBlock.of(b) for b in found]


@strawberry.type
class BlocksMutation:
    @strawberry.mutation(
        description="Staff: block time on a resource. Fails with TIME_HAS_BOOKINGS when "
        "bookings are in it: move or cancel them first."
    )
    async def block_time(self, info: Info, input: BlockTimeInput) -> TimeBlockPayload:
        async def work() -> models.ResourceBlock:
            return await blocks.block_time(
                info.context.principal,
                resource_id=_int_id(input.resource_id, "Resource", "resourceId"),
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                reason=input.reason,
                now=service.utcnow(),
            )

        return await _payload(info, work)

    @strawberry.mutation(description="Staff: give blocked time back to booking.")
    async def unblock_time(self, info: Info, input: UnblockTimeInput) -> TimeBlockPayload:
        async def work() -> models.ResourceBlock:
            return await blocks.unblock_time(
                info.context.principal, _uuid_id(input.block_id, "TimeBlock", "blockId")
            )

        return await _payload(info, work)
