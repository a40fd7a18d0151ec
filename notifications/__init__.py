"""Web push and the in-app notification centre.

The domains (bookings, service requests) tell people about changes through one narrow door,
`notifications.outbox` (`enqueue_for_user`, `enqueue_for_tracking_token`), called inside their
own transactions. A worker (`notifications.worker`) delivers the queued jobs with pywebpush.
Everything this package needs from `backend` is imported in `notifications.interface` only.
"""
