"""Change notices for case systems (webhooks): an outbox written with each plan change,
and a sender that signs and POSTs them, retries and keeps a delivery log.

Nothing here ever carries plan content: a notice names the plan's reference, version,
the kind of change and the top-level sections of the record that changed.
"""
