"""All storage: the SQLite schema and every query the bot makes.

Nothing outside this package writes SQL, so another database can be added later by
re-implementing it. The layers, each importing only the ones before it:

- :mod:`.sql`: transactions, write locks, queries (``one``, ``all``), ``StoreError``;
- :mod:`.schema`: the migrations and ``PRAGMA user_version``;
- :mod:`.connection`: opening a file (per thread, migrated on first use), backups;
- one module per aggregate: :mod:`.coops`, :mod:`.conversations`, :mod:`.messages`,
  :mod:`.orders`, :mod:`.outbox`, :mod:`.handoffs`, :mod:`.audit`, :mod:`.maintenance`.

This face re-exports their public names, so ``store.get_order(db, …)`` works everywhere.
Settings a test patches are patched where they live: ``store.sql.BUSY_TIMEOUT_MS``.
"""

from __future__ import annotations

from . import sql
from .audit import (
    add_failure,
    admin_session_active,
    audit,
    audit_log,
    count_failures,
    end_admin_session,
    hit_rate,
    start_admin_session,
)
from .connection import backup, close_all, connect
from .conversations import (
    conversations_in_handoff,
    customer_conversations,
    find_conversation,
    find_customer,
    get_conversation,
    get_customer,
    get_or_create_conversation,
    get_or_create_customer,
    rate_count,
    save_conversation,
    save_rate,
    update_customer,
)
from .coops import (
    PhoneTaken,
    bump_catalog_version,
    coop_summaries,
    coops_for_number,
    delete_member,
    find_member,
    get_coop,
    get_coop_by_code,
    get_coop_by_slug,
    get_member,
    get_product,
    get_route,
    list_coops,
    list_members,
    list_products,
    load_courier_cities,
    photo_in_use,
    replace_catalog,
    save_courier_cities,
    save_member,
    save_product,
    set_member_last_inbound,
    set_route,
    set_stock,
    short_names,
    touch_member,
    upsert_coop,
)
from .handoffs import (
    end_handoff,
    expired_handoffs,
    extend_handoff,
    focus_handoff,
    get_handoff,
    handoff_by_code,
    handoff_counts,
    hold_reply,
    list_handoffs,
    member_handoffs,
    open_handoff,
    open_handoff_of,
    release_handoff,
    take_handoff,
    take_held_replies,
    touch_handoff,
    waiting_handoffs,
)
from .inbox import last_customer_media as last_customer_media  # the operators' inbox
from .maintenance import counts, db_file, forget_customer, truncate_wal
from .messages import (
    find_inbound,
    get_message_by_sid,
    inbound_context,
    inbound_medium,
    last_inbound_at,
    outbound_messages,
    recent_messages,
    record_early_status,
    record_exchange,
    record_inbound,
    record_outbound,
    record_replies,
    save_outbound_message,
    transcript,
    update_message_status,
)
from .orders import (
    MONEY_STATUSES,
    add_order_event,
    add_remittance,
    count_orders,
    courier_balances,
    couriers_in_use,
    create_order,
    customer_orders,
    export_orders,
    find_order_by_digits,
    get_order,
    get_order_by_number,
    get_order_by_tracking,
    latest_order,
    list_remittances,
    money_by_hour,
    next_order_number,
    open_orders,
    order_events,
    order_stats,
    orders_for_export,
    orders_of_customer,
    orders_to_poll,
    search_orders,
    set_order_status,
    update_order_fields,
)
from .outbox import (
    activity_since,
    claim_job,
    enqueue,
    fail_job,
    find_message_job,
    finish_job,
    job_counts,
    jobs_for_order,
    list_jobs,
    requeue_job,
    retry_job,
    save_job_progress,
)
from .schema import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version
from .sql import (
    BUSY_TIMEOUT_MS,
    UNAVAILABLE,
    Conflict,
    StoreError,
    ping,
    snapshot,
    transaction,
)

__all__ = [
    "BUSY_TIMEOUT_MS", "MIGRATIONS", "MONEY_STATUSES", "SCHEMA_VERSION", "UNAVAILABLE",
    "Conflict", "PhoneTaken", "StoreError",
    "activity_since", "add_failure", "add_order_event", "add_remittance", "admin_session_active",
    "audit", "audit_log", "backup", "bump_catalog_version", "claim_job", "close_all", "connect",
    "conversations_in_handoff", "coop_summaries", "coops_for_number", "count_failures",
    "count_orders", "counts", "courier_balances", "couriers_in_use", "create_order",
    "customer_conversations", "customer_orders", "db_file", "delete_member", "end_admin_session",
    "enqueue", "export_orders", "fail_job", "find_conversation", "find_customer", "find_inbound",
    "find_member", "find_message_job", "find_order_by_digits", "finish_job", "forget_customer",
    "get_conversation", "get_coop", "get_coop_by_code", "get_coop_by_slug", "get_customer",
    "get_member", "get_message_by_sid", "get_or_create_conversation", "get_or_create_customer",
    "get_order", "get_order_by_number", "get_order_by_tracking", "get_product", "get_route",
    "hit_rate", "inbound_context", "inbound_medium", "job_counts", "jobs_for_order",
    "latest_order", "list_coops",
    "list_jobs", "list_members", "list_products", "list_remittances", "load_courier_cities",
    "migrate", "money_by_hour", "next_order_number", "open_orders", "order_events",
    "order_stats", "orders_for_export", "orders_of_customer", "orders_to_poll",
    "outbound_messages", "photo_in_use", "ping", "recent_messages", "record_early_status",
    "record_exchange", "record_inbound", "record_outbound", "record_replies", "replace_catalog",
    "rate_count", "requeue_job", "retry_job", "save_conversation", "save_rate",
    "save_courier_cities", "save_job_progress", "save_member",
    "save_outbound_message", "save_product", "schema_version", "search_orders",
    "set_member_last_inbound", "set_order_status", "set_route", "set_stock",
    "short_names", "snapshot", "sql", "start_admin_session", "touch_member", "transaction",
    "transcript", "truncate_wal",
    "update_customer",
    "end_handoff", "expired_handoffs", "extend_handoff", "focus_handoff", "get_handoff",
    "handoff_by_code", "handoff_counts", "hold_reply", "last_inbound_at", "take_held_replies",
    "list_handoffs", "member_handoffs", "open_handoff", "open_handoff_of", "release_handoff",
    "take_handoff", "touch_handoff", "waiting_handoffs",
    "update_message_status", "update_order_fields", "upsert_coop",
]
