"""Apache Superset's configuration for the dateline dashboard (SUPERSET_CONFIG_PATH points here; serve.py sets it).

Everything Superset keeps of its own (its metadata database of users, charts and dashboards, the secret key that
signs sessions and encrypts the stored database URI) lives in the state folder, DASHBOARD_STATE (default
dashboard/.state/, git-ignored), never in the repository. serve.py writes the key there on first start.
"""

import os
from pathlib import Path

_STATE = Path(os.environ.get("DASHBOARD_STATE") or Path(__file__).resolve().parent / ".state")

SECRET_KEY = (_STATE / "secret_key").read_text(encoding="utf-8").strip()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_STATE / 'superset.db'}?check_same_thread=false"
DATA_DIR = str(_STATE)

# No result cache: every chart query opens the serving copy anew, so a dashboard refresh after `make build`
# shows the new build (NullCache is Superset's default; set here so that it stays so).
CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}

# A local tool on 127.0.0.1: no warning about the content security policy on every start, quieter logs.
CONTENT_SECURITY_POLICY_WARNING = False
RATELIMIT_STORAGE_URI = "memory://"
LOG_LEVEL = os.environ.get("DASHBOARD_LOG_LEVEL", "WARNING")
