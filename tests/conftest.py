"""Fixtures shared by the whole suite.

Reference data (ROCUs, police forces, staff roles, vetting levels) is present
at the start of every test that uses the database, whatever ran before it in
the same process: the migrations load it, and it is loaded again right after
each transactional test, whose flush empties every table. So tests may run in
any order and on any xdist worker (docs/testing.md, "Running in parallel").

With xdist (``make test`` runs ``-n``) each worker has its own database, cloned
from one migrated template (one ``migrate`` per run, not one per worker).
"""

from __future__ import annotations

import fcntl
import gc
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytest_django.plugin import blocking_manager_key


@contextmanager
def _machine_lock(name: str):
    """One process at a time on this machine (xdist workers of this and other runs)."""
    with open(Path(tempfile.gettempdir()) / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _database_from_template(worker_id: str, run_id: str, *, keepdb: bool) -> str:
    """Give this xdist worker its own test database, a copy of a template migrated once.

    pytest-django has named this worker's database ``test_<name>_<worker_id>``. The
    first worker of the run to get here builds ``test_<name>`` as pytest-django
    would for one process (migrations, so the migrations' reference data; kept and
    only migrated forward with ``--reuse-db``, created afresh otherwise); every
    worker then copies it (``CREATE DATABASE ... TEMPLATE``: about 0.3 s, where
    ``migrate`` takes several seconds of CPU per worker). Returns the template's
    name; the copy is dropped at the end of the session unless ``--reuse-db``.
    """
    from django.db import connection

    test_settings = connection.settings_dict["TEST"]
    template = test_settings["NAME"].removesuffix(f"_{worker_id}")
    built_marker = Path(tempfile.gettempdir()) / f"{template}.{run_id}.built"
    with _machine_lock(template):
        test_settings["NAME"] = template
        if built_marker.exists():
            connection.settings_dict["NAME"] = template
        else:
            connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keepdb)
            built_marker.touch()
        # The copy must be made while no session is connected to the template.
        connection.creation.clone_test_db(suffix=worker_id, verbosity=0, keepdb=False)
    connection.close()
    connection.settings_dict.update(connection.creation.get_test_db_clone_settings(worker_id))
    test_settings["NAME"] = connection.settings_dict["NAME"]
    return template


def _drop_worker_database(template: str) -> None:
    """Drop this worker's copy, even if a connection of a test's thread is still open.

    (Tests that race two requests in threads leave those threads' connections
    to the garbage collector; ``FORCE`` ends them, PostgreSQL 13 and later.)
    """
    from django.db import connection

    name = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")
    connection.settings_dict["NAME"] = template


def pytest_collection_finish(session):
    """Spare the garbage collector the objects that live for the whole run.

    After collection a test process holds a few hundred thousand objects that it
    keeps to the end (Django, the collected tests, their modules). Python's full
    collection walks every one of them each time it runs (28 times in 646 tests,
    ~0.12 s each): about a tenth of a test process's CPU. Frozen, they are never
    walked again, and the full collection waits for three times as many younger
    collections (it then ran 4 times in those tests); the young generations, where
    a test's own garbage dies, are collected as before. Measured over those 646
    tests: 4.8 s of the process's 47 CPU-s in the collector, 2.3 s after
    (docs/testing.md, "Real workers from a fork server, and the garbage collector").
    """
    gc.collect()
    gc.freeze()
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, 300)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """Every run starts from the migrations' state, whatever the last run left.

    Replaces pytest-django's fixture of that name (the suite uses one database and
    no serialized rollback). One process: Django's ``setup_databases``; a kept
    database (``--reuse-db``) is then emptied, as an interrupted run can leave
    committed rows behind. xdist workers: a fresh copy of the template each.
    """
    from django.core.management import call_command
    from django.test.utils import setup_databases, teardown_databases

    from tests.support.reference_data import load_reference_data, snapshot_reference_data

    keepdb = django_db_keepdb and not django_db_createdb
    workerinput = getattr(request.config, "workerinput", None)
    with django_db_blocker.unblock():
        if workerinput is None:
            created = setup_databases(
                verbosity=request.config.option.verbose,
                interactive=False,
                keepdb=keepdb,
                aliases={"default"},
                serialized_aliases=set(),
            )
            if keepdb:
                call_command("flush", interactive=False, verbosity=0)
        else:
            template = _database_from_template(
                workerinput["workerid"], workerinput["testrunuid"], keepdb=keepdb
            )
        load_reference_data()
        snapshot_reference_data()
    yield
    with django_db_blocker.unblock():
        if workerinput is None:
            if not django_db_keepdb:
                teardown_databases(created, verbosity=request.config.option.verbose)
        else:
            _drop_worker_database(template)


@pytest.fixture(scope="session", autouse=True)
def _celery_logs_in_pytest_temp(tmp_path_factory):
    """Real workers' logs where pytest keeps (and prunes) its temporary files."""
    from tests.support import celery_worker

    celery_worker.log_dir = tmp_path_factory.mktemp("celery")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    from tests.support import celery_worker

    celery_worker.current_test = item
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("serialized_rollback"):
        # Serialized rollback re-inserts rows the reference-data fixture already put
        # back, so the test fails on a unique key, but only in some orders
        # (docs/testing.md, "Reference data"). Say why at once instead.
        pytest.fail(
            "serialized_rollback is not used in this suite: the autouse reference_data "
            "fixture restores the migrations' rows before every transactional test"
        )


def _is_transactional(item: pytest.Item) -> bool:
    """The same test pytest-django applies when it orders tests and sets up the database."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction")
        or marker.kwargs.get("reset_sequences")
        or (marker.args and marker.args[0])
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@contextmanager
def _flush_without_post_migrate():
    """Django's flush, minus the post_migrate signal it sends after emptying the tables.

    The signal's receivers (content types, permissions, accounts.roles' group
    permissions) rebuild rows that restore_reference_data() deletes and puts back
    from the snapshot straight after, ids and all: about 0.3 CPU-seconds and ~200
    queries per transactional test, for rows nobody reads. (Django inhibits it the
    same way for a test with ``available_apps``.)
    """
    from django.core.management.commands import flush

    emit = flush.emit_post_migrate_signal
    flush.emit_post_migrate_signal = lambda *args, **kwargs: None
    try:
        yield
    finally:
        flush.emit_post_migrate_signal = emit


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush: the reference data again, for whatever runs next.

    Loaded here rather than before each transactional test so that no test depends
    on the order: pytest-django runs rolled-back tests before transactional ones,
    but ``slowest_first`` and xdist's scheduling do not keep that order. Not after
    the session's last test (``nextitem`` None), whose teardown dropped the database.
    The flush skips its post_migrate signal only when the snapshot follows it (and
    sequences are kept, so the snapshot's ids stay below every sequence).
    """
    restore = nextitem is not None and _is_transactional(item)
    marker = item.get_closest_marker("django_db")
    if restore and not (marker is not None and marker.kwargs.get("reset_sequences")):
        with _flush_without_post_migrate():
            result = yield
    else:
        result = yield
    if restore:
        from tests.support.reference_data import restore_reference_data

        with item.config.stash[blocking_manager_key].unblock():
            restore_reference_data()
    return result


@pytest.fixture(autouse=True)
def reference_data(request):
    """A transactional test checks (a few counting queries) that the rows are there."""
    if _is_transactional(request.node):
        from tests.support.reference_data import load_reference_data

        request.getfixturevalue("transactional_db")
        load_reference_data()


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory, worker_id):
    """The embedded default's SQLite file, migrated and seeded once per run
    (tests/support/embedded_sqlite.py); copy it, never write to it."""
    from tests.support.embedded_sqlite import seeded_sqlite_file

    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker's base is a folder of the run's common one.
    return seeded_sqlite_file(base if worker_id == "master" else base.parent)


@pytest.fixture(autouse=True)
def _forget_per_process_copies():
    """The self-check keeps the vetting levels and open adverts per process until the
    public pages' version moves (vetting/selectors.py); a test's rollback moves none."""
    from vetting.selectors import self_check_adverts_forget, self_check_levels_forget

    self_check_levels_forget()
    self_check_adverts_forget()


# Longest first: with xdist, the test that starts last decides when the run ends.
# Real-worker proofs take 10 to 60 s each, a browser journey several seconds, a
# ``slow`` test (other processes, many hypothesis examples) seconds to tens of
# seconds, the rest well under one; within each class the order is pytest-django's.
_COST_CLASSES = ("proof", "browser", "slow")


def _keep_xdist_groups_together(config, items) -> None:
    """Make ``pytest.mark.xdist_group`` work again under ``--dist loadgroup``.

    pytest-xdist 3.8 groups tests by appending ``@<group>`` to ``item._nodeid``,
    but pytest 9.2 reads a node's id from ``item._id``, so the suffix is lost and
    a group's tests are spread over every worker (seen: the seed_demo module
    seeding four times). This appends it where pytest 9.2 reads it. A no-op once
    xdist does it itself (the id already ends with the group).
    """
    from _pytest.nodeid import coerce_node_id

    if not getattr(config.option, "loadgroup", False):
        return  # not an xdist worker of a --dist loadgroup run
    for item in items:
        groups = sorted({str(mark.args[0]) for mark in item.iter_markers("xdist_group")})
        suffix = f"@{'_'.join(groups)}"
        if groups and not item.nodeid.endswith(suffix):
            item._id = coerce_node_id(item.nodeid + suffix)


# The real-worker proofs mostly wait (a worker starting, a heartbeat expiring, a
# broker settling). Handed out one by one, all four xdist processes were often in one
# at once, and the two cores idled ~15 to 24 core-seconds of the run's first minute.
# Dealt into two xdist groups (each one unit of work, run by one process), two
# processes work through the proofs (~80 s each) while the other two keep the cores
# busy: idle 9 to 11 core-seconds (docs/testing.md, "Proofs in two groups"). xdist
# hands out its largest units first, so both groups start at once.
PROOF_GROUPS = 2


def _deal_proofs_into_groups(items) -> None:
    """Mark the ``proof`` tests, in collection order, into PROOF_GROUPS xdist groups in turn.

    A proof that names a group of its own keeps it: a module-level group would otherwise
    lose to the one added here on the test itself, and its tests could be split up.
    """
    proofs = [
        item
        for item in items
        if item.get_closest_marker("proof") is not None
        and item.get_closest_marker("xdist_group") is None
    ]
    for index, item in enumerate(proofs):
        item.add_marker(pytest.mark.xdist_group(f"proofs-{index % PROOF_GROUPS}"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """``proof`` tests first, in PROOF_GROUPS groups, then ``browser``, then ``slow``,
    then the rest (a stable sort)."""
    if getattr(config.option, "loadgroup", False):
        _deal_proofs_into_groups(items)
    _keep_xdist_groups_together(config, items)

    def cost_class(item):
        for position, marker in enumerate(_COST_CLASSES):
            if item.get_closest_marker(marker) is not None:
                return position
        return len(_COST_CLASSES)

    items.sort(key=cost_class)


@pytest.fixture
def rocu(db):
    from accounts.models import Rocu

    return Rocu.objects.get(slug="nersou")


@pytest.fixture
def other_rocu(db):
    from accounts.models import Rocu

    return Rocu.objects.get(slug="emsou")
