"""Start-up rules: secrets from the environment, a clean deploy check, the demo data."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from uso.accounts.models import Role, User
from uso.network.models import Membership, Network, Population


def run_uso(*args, env_extra):
    unset = ("DEBUG", "SECRET_KEY", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["DJANGO_SETTINGS_MODULE"] = "uso.settings"
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "uso", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_uso("check", env_extra={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = run_uso(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DEBUG": "0",
            "SECRET_KEY": "x" * 20 + "production-like-secret-with-enough-entropy-" + "y" * 20,
            "ALLOWED_HOSTS": "uso.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_web_process_freezes_the_loaded_app_out_of_the_garbage_collector(tmp_path):
    """The WSGI entry point (gunicorn's) moves the objects loaded with the app out of the
    collector's full passes, which otherwise stall every request in flight (bench/README.md)."""
    unset = ("DEBUG", "SECRET_KEY", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    code = "import gc, uso.wsgi; print(gc.get_freeze_count(), gc.get_threshold()[0])"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    frozen, young_threshold = map(int, result.stdout.split())
    assert frozen > 10_000
    assert young_threshold > 700  # Python's default


@pytest.mark.django_db
def test_demo_data_loads_once_and_again_without_duplicates():
    with override_settings(DEBUG=True):
        call_command("demo", verbosity=0)
        call_command("demo", verbosity=0)
    network = Network.objects.get()
    period = network.periods.get(start_date="2017-01-01")
    assert period.memberships.filter(status=Membership.Status.ACTIVE).count() == 28
    assert period.theme_areas.count() == 3
    assert sum(area.sub_themes.count() for area in period.theme_areas.all()) == 9
    area = period.theme_areas.first()
    assert area.name_fi and area.name_sv and area.name_en
    assert User.objects.filter(role=Role.COORDINATOR).count() == 1
    assert User.objects.filter(role=Role.CONSULTANT).count() == 2
    assert User.objects.filter(role=Role.CONTACT).count() >= 4
    assert not Population.objects.exclude(source=Population.Source.DEMO).exists()
    leaderships = set(
        User.objects.filter(role=Role.PARTICIPANT).values_list("leadership", flat=True)
    )
    assert leaderships == {"political", "professional"}
    from uso.billing.models import FeeSchedule, Invoice

    assert FeeSchedule.objects.get(period=period).bands.count() == 5
    invoices = Invoice.objects.filter(year=2017)
    assert invoices.count() == 28
    statuses = set(invoices.values_list("status", flat=True))
    assert {"paid", "open"} <= statuses


@pytest.mark.django_db
def test_demo_data_never_loads_with_debug_off():
    with override_settings(DEBUG=False), pytest.raises(CommandError):
        call_command("demo")
    assert not Network.objects.exists()


@pytest.mark.django_db
def test_municipality_registry_is_complete_and_reloadable():
    from uso.network.models import Municipality, Region

    assert Municipality.objects.count() == 309
    assert Region.objects.count() == 19
    Municipality.objects.filter(code="091").update(name_fi="Wrong")
    call_command("load_municipalities", verbosity=0)
    assert Municipality.objects.get(code="091").name_fi == "Helsinki"
    assert Municipality.objects.count() == 309


@pytest.mark.django_db
def test_scheduler_runs_every_periodic_job_once(capsys):
    call_command("scheduler", "--once")
