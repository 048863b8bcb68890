import httpx
from fastapi import APIRouter

from .settings import INTERNAL_URL

router = APIRouter()


@router.get("/api/v2/people/{person_id}")
async def person(person_id: int):
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{INTERNAL_URL}/api/v2/people/{person_id}")
    return r.json()
