"""``flask --app app …`` commands for operators."""

from __future__ import annotations

import json
import sys
import uuid

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import photos, store
from .catalog import CatalogError, read_csv
from .coops import CoopError, load_coop_file
from .phones import PhoneError, to_e164

DEMO_COOP = "coops/demo/coop.yml"


def _db():
    return store.connect(current_app.config["BGHIT_DB"])


def import_coop(db, path) -> dict:
    """Validate and import a cooperative file; return ``{"slug", "members", "products"}``."""
    parsed = load_coop_file(path)
    _store_photos(db, parsed["products"] or [], str(path))
    store.upsert_coop(db, parsed["coop"], parsed["members"], parsed["products"])
    return {"slug": parsed["coop"]["slug"], "members": len(parsed["members"]),
            "products": len(parsed["products"] or [])}


def _store_photos(db, products: list[dict], source: str) -> None:
    """Re-encode the photos a catalog CSV names into the photos folder beside ``db``."""
    errors = photos.ingest_catalog(products, photos.folder(store.db_file(db)))
    if errors:
        raise CatalogError(errors, source)



# -- db ------------------------------------------------------------------------
db_cli = AppGroup("db", help="Database: create, upgrade, back up.")


@db_cli.command("init")
def db_init():
    """Create the database (or upgrade it in place)."""
    db = _db()
    click.echo(f"database ready (schema v{store.schema_version(db)}): "
               f"{current_app.config['BGHIT_DB']}")


@db_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def db_backup(path):
    """Consistent copy of the live database to PATH (safe while serving)."""
    store.backup(_db(), path)
    click.echo(f"backup written to {path}")


# -- coop / catalog ------------------------------------------------------------
coop_cli = AppGroup("coop", help="Cooperatives.")


@coop_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def coop_import(path):
    """Import (or update) a cooperative from its YAML file."""
    try:
        info = import_coop(_db(), path)
    except (CoopError, CatalogError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"imported {info['slug']}: {info['members']} members, "
               f"{info['products']} products")


@coop_cli.command("list")
def coop_list():
    """List cooperatives and their numbers."""
    for coop in store.list_coops(_db()):
        click.echo(f"{coop['slug']:<16} {coop['name']:<32} wa={coop['whatsapp_from'] or '-'} "
                   f"sms={coop['sms_from'] or '-'} code={coop['code']}")


catalog_cli = AppGroup("catalog", help="Catalogs.")


@catalog_cli.command("import")
@click.argument("slug")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def catalog_import(slug, path):
    """Replace cooperative SLUG's catalog with the CSV file PATH."""
    db = _db()
    coop = store.get_coop_by_slug(db, slug)
    if coop is None:
        raise click.ClickException(f"no cooperative {slug!r}")
    try:
        products = read_csv(path)
        _store_photos(db, products, path)
    except CatalogError as exc:
        raise click.ClickException(str(exc)) from None
    store.replace_catalog(db, coop["id"], products)
    click.echo(f"{slug}: {len(products)} products imported")


# -- orders / outbox -------------------------------------------------------------
orders_cli = AppGroup("orders", help="Orders.")


@orders_cli.command("export")
def orders_export():
    """Every order, one JSON object per line."""
    for order in store.export_orders(_db()):
        sys.stdout.write(json.dumps(order, ensure_ascii=False) + "\n")


@click.command("outbox")
@with_appcontext
@click.option("--status", default=None, help="pending, running, done or failed")
@click.option("--kind", default=None, help="message, courier…")
@click.option("--limit", default=20)
def outbox(status, kind, limit):
    """Show outbox jobs (messages recorded by the console transport included)."""
    db = _db()
    click.echo(json.dumps(store.job_counts(db)))
    for job in store.list_jobs(db, status=status, kind=kind, limit=limit):
        text = job["payload"].get("text") or job["payload"].get("body") or job["payload"]
        click.echo(f"#{job['id']} {job['kind']} {job['status']} tries={job['attempts']} "
                   f"{job['last_error'] or ''}\n    {text}")
        sent = job["result"].get("sid")
        if sent:                    # a message Twilio (or the console transport) accepted
            message = store.get_message_by_sid(db, sent) or {}
            click.echo(f"    → {job['result'].get('channel') or ''} {sent} "
                       f"{message.get('status') or ''}".rstrip())


@click.command("worker")
@with_appcontext
@click.option("--once", is_flag=True, help="Run the due jobs, then exit.")
def worker_cmd(once):
    """Run the outbox worker (courier forwarding, alerts, tracking)."""
    from . import worker
    settings = dict(current_app.config)
    if once:
        from .messaging import make_transport
        n = worker.work_once(_db(), make_transport(settings), settings)
        worker.poll_tracking(_db(), settings)
        click.echo(f"{n} jobs run")
        return
    worker.run(settings)


# -- customers -------------------------------------------------------------------
customer_cli = AppGroup("customer", help="Customers.")


@customer_cli.command("forget")
@click.argument("phone")
def customer_forget(phone):
    """Erase a customer's personal data (orders keep their totals)."""
    try:
        e164 = to_e164(phone)
    except PhoneError as exc:
        raise click.ClickException(str(exc)) from None
    result = store.forget_customer(_db(), e164)
    if not result["found"]:
        raise click.ClickException("no such customer")
    click.echo(f"forgotten: {result['orders']} orders and {result['messages']} messages "
               "anonymised")
    if not result["wal_truncated"]:
        click.echo("warning: a reader kept the write-ahead log (data/*.sqlite3-wal) from being "
                   "emptied; run `flask customer forget` again once the server is idle", err=True)


# -- demo / chat -------------------------------------------------------------------
@click.command("demo")
@with_appcontext
def demo():
    """Load the embedded demo cooperative."""
    from .config import ROOT
    info = import_coop(_db(), ROOT / DEMO_COOP)
    click.echo(f"demo cooperative {info['slug']!r} loaded ({info['products']} products)")


@click.command("chat")
@with_appcontext
@click.argument("slug")
@click.option("--phone", default="+212600000001", help="The customer's phone number.")
@click.option("--sms", is_flag=True, help="Write as SMS instead of WhatsApp.")
def chat(slug, phone, sms):
    """Talk to the bot in the terminal, through the same path as the webhook."""
    from .service import Inbound, handle_inbound
    db = _db()
    coop = store.get_coop_by_slug(db, slug)
    if coop is None:
        raise click.ClickException(f"no cooperative {slug!r}")
    phone = to_e164(phone)
    if sms:
        from_addr, to_addr = phone, coop["sms_from"] or coop["whatsapp_from"]
    else:
        from_addr, to_addr = f"whatsapp:{phone}", f"whatsapp:{coop['whatsapp_from']}"
    click.echo(f"Chatting with {coop['name']} as {phone}. Ctrl-D to quit.")
    while True:
        try:
            text = input("> ")
        except EOFError:
            break
        msg = Inbound(from_addr=from_addr, to_addr=to_addr, body=text,
                      sid="SMchat" + uuid.uuid4().hex)
        for reply in handle_inbound(db, msg, current_app.config):
            click.echo(click.style(reply, fg="green") + "\n")


def register(app: Flask) -> None:
    for group in (db_cli, coop_cli, catalog_cli, orders_cli, customer_cli):
        app.cli.add_command(group)
    for command in (outbox, worker_cmd, demo, chat):
        app.cli.add_command(command)
