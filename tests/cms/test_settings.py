"""Production settings refuse to start without secrets and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    base.update(env, DJANGO_SETTINGS_MODULE="cms.settings.production")
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True)


SAMPLE_ENV = {
    "SECRET_KEY": "sample-" + "k" * 60,
    "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    "PERSONAL_DATA_HMAC_KEY": "h" * 64,
    "ALLOWED_HOSTS": "dy365.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://dy365.example.gov.cn",
}


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in SAMPLE_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_encryption_key():
    env = {k: v for k, v in SAMPLE_ENV.items() if k != "FIELD_ENCRYPTION_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0 and "FIELD_ENCRYPTION_KEY" in result.stderr


def test_check_deploy_passes_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **SAMPLE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
