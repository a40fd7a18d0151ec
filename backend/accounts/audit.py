"""The audit trail: every role grant and every staff action, with who, what and which request."""

from __future__ import annotations

from backend.accounts.models import AuditEvent
from backend.accounts.principal import Principal
from backend.logs import request_id_var


async def record(
    principal: Principal,
    action: str,
    target_type: str = "",
    target_id: str = "",
    **details: object,
) -> AuditEvent:
    return await AuditEvent.create(
        actor_user=principal.user,
        actor_api_key_id=principal.api_key_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=details,
        request_id=request_id_var.get(),
    )
