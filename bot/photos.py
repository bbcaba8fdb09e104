"""Product photos: checked by their content, re-encoded and stored under the data folder.

An upload (or a catalog CSV's ``photo`` file) must be a JPEG, PNG or WebP image (Pillow reads
its bytes: the name and extension the client gives are never used) of at most
``MAX_BYTES``. It is re-encoded as a JPEG of at most ``MAX_SIDE`` pixels a side, without any
metadata (a phone's EXIF may hold where the photo was taken), and stored in
``<folder of the database>/photos/`` under a random name: ``<32 hex digits>.jpg``.
"""

from __future__ import annotations

import io
import re
import secrets
import warnings
from pathlib import Path
from typing import TypeGuard

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 800
MAX_PIXELS = 40_000_000              # a bigger image is a decompression bomb
FORMATS = ("JPEG", "PNG", "WEBP")
NAME_RE = re.compile(r"^[0-9a-f]{32}\.jpg$")


class PhotoError(ValueError):
    """A photo refused; ``key`` names the dashboard text explaining why."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def folder(db_path: str | Path) -> Path:
    """Where photos are stored: ``photos/`` beside the database."""
    return Path(db_path).resolve().parent / "photos"


def is_stored_name(name: str | None) -> TypeGuard[str]:
    return bool(name and NAME_RE.match(name))


def reencode(data: bytes) -> bytes:
    """The image in ``data`` as a metadata-free JPEG of at most ``MAX_SIDE`` px, or
    :class:`PhotoError` (``photo_too_big``, ``photo_not_image``)."""
    if len(data) > MAX_BYTES:
        raise PhotoError("photo_too_big")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise PhotoError("photo_not_image")
                opened.load()
                img = ImageOps.exif_transpose(opened)    # upright, as the phone showed it
                if img.mode in ("RGBA", "LA", "P", "PA"):
                    img = img.convert("RGBA")
                    flat = Image.new("RGB", img.size, "white")
                    flat.paste(img, mask=img.getchannel("A"))
                    img = flat
                elif img.mode != "RGB":
                    img = img.convert("RGB")
                img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
                out = io.BytesIO()
                img.save(out, "JPEG", quality=85, optimize=True)   # no exif, no icc, no xmp
                return out.getvalue()
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError("photo_not_image") from None


def write(jpeg: bytes, dest: Path) -> str:
    """Store a re-encoded photo in ``dest`` under a new random name; return the name."""
    dest.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + ".jpg"
    tmp = dest / (name + ".tmp")
    tmp.write_bytes(jpeg)
    tmp.replace(dest / name)
    return name


def ingest_catalog(products: list[dict], dest: Path) -> list[tuple[int, str]]:
    """Store the photos a parsed CSV catalog names (``photo_file``, found by
    :func:`catalog.parse_csv_text`); each product gets ``photo`` (the stored name). Returns
    ``(line, message)`` for the files that are not usable images (nothing is stored then)."""
    errors, encoded = [], []
    for p in products:
        source = p.get("photo_file")
        if not source:
            continue
        try:
            encoded.append((p, reencode(Path(source).read_bytes())))
        except (PhotoError, OSError) as exc:
            why = "larger than 2 MB" if getattr(exc, "key", "") == "photo_too_big" \
                else "not a JPEG, PNG or WebP image"
            errors.append((p.get("line", 0), f"photo {p.get('photo_path')!r}: {why}"))
    if errors:
        return errors
    for p, jpeg in encoded:
        p["photo"] = write(jpeg, dest)
    return []
