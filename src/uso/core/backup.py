"""Backing up and restoring the whole platform: the database and both file stores.

A backup is one `.tar.gz` holding `manifest.json`, `database.json` (Django's `dumpdata` of every
app, rows with their own ids and content types by name, so it restores into SQLite or
PostgreSQL alike) and the files of the
public (`media/…`) and the private (`private/…`) storage, read and written through Django's
storage API so that an S3 bucket is backed up as well as a folder.

Restoring refuses a database that holds data unless told to replace it; it then empties the
database, loads the dump and writes the files, all or nothing for the database (one
transaction). Sessions, login-attempt records and content types are not part of a backup:
they are rebuilt or not worth keeping.
"""

import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from uso.library import facts, search

FORMAT = 1
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
]
STORES = {"media": "default", "private": "private"}


class BackupError(Exception):
    """The file is not a backup this platform can restore, or the database is not empty."""


@dataclass
class BackupSummary:
    objects: int
    files: int


def _walk(storage, folder: str = ""):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}" if folder else directory)


def _store_files(store: str):
    storage = storages[STORES[store]]
    try:
        yield from _walk(storage)
    except FileNotFoundError:
        return  # the folder does not exist yet: no files


def write_backup(path: Path) -> BackupSummary:
    """Write the database and every stored file into `path` (a .tar.gz)."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as dump:
        call_command(
            "dumpdata",
            natural_foreign=True,  # content types by name: their ids differ between databases
            exclude=EXCLUDED,
            stdout=dump,
        )
        dump.seek(0)
        data = dump.read().encode("utf-8")
    objects = len(json.loads(data))
    files = 0
    with tarfile.open(path, "w:gz") as archive:
        _add(archive, "database.json", data)
        for store in STORES:
            storage = storages[STORES[store]]
            for name in _store_files(store):
                with storage.open(name, "rb") as handle:
                    _add(archive, f"{store}/{name}", handle.read())
                files += 1
        manifest = {
            "format": FORMAT,
            "made_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "objects": objects,
            "files": files,
        }
        _add(archive, "manifest.json", json.dumps(manifest, indent=2).encode("utf-8"))
    return BackupSummary(objects=objects, files=files)


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def database_has_data() -> bool:
    from uso.accounts.models import User
    from uso.network.models import Network

    return User.objects.exists() or Network.objects.exists()


def read_backup(path: Path, *, replace: bool = False) -> BackupSummary:
    """Restore a backup written by `write_backup`. Checks everything first; changes nothing if
    the file is not a whole backup."""
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a backup file: {error}") from error
    with archive:
        members = {m.name: m for m in archive.getmembers() if m.isfile()}
        for name in members:
            # Never write outside the stores, whatever the archive's names say.
            parts = Path(name).parts
            if Path(name).is_absolute() or ".." in parts:
                raise BackupError(f"The backup holds a file with an unsafe name: {name}")
        if "manifest.json" not in members or "database.json" not in members:
            raise BackupError(f"{path} is not a USO backup (no manifest or database).")
        manifest = json.loads(archive.extractfile(members["manifest.json"]).read())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        if database_has_data() and not replace:
            raise BackupError(
                "The database holds data. Restore into an empty database, or give --replace "
                "to delete everything in it first."
            )
        with tempfile.NamedTemporaryFile(suffix=".json") as dump:
            dump.write(archive.extractfile(members["database.json"]).read())
            dump.flush()
            with transaction.atomic():
                # Also a new database holds rows its migrations made (regions, pages):
                # the backup's own replace them.
                call_command("flush", interactive=False, verbosity=0)
                ContentType.objects.clear_cache()  # the flush made them anew, with new ids
                call_command("loaddata", dump.name, verbosity=0)
                search.rebuild_index()
                facts.changed()
        files = 0
        for name, member in members.items():
            store, _slash, relative = name.partition("/")
            if store not in STORES or not relative:
                continue
            storage = storages[STORES[store]]
            if storage.exists(relative):
                storage.delete(relative)
            storage.save(relative, ContentFile(archive.extractfile(member).read()))
            files += 1
    return BackupSummary(objects=manifest.get("objects", 0), files=files)


def default_backup_name() -> Path:
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    return Path(settings.BASE_DIR).parent.parent / "var" / "backups" / f"uso-{stamp}.tar.gz"
