import os

SALESLOFT_HOST = "api.salesloft.com"
API_BASE = f"https://{SALESLOFT_HOST}/v2"
INTERNAL_URL = os.environ.get("INTERNAL_URL", "http://localhost:8000")
