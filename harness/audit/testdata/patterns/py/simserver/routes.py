"""The same SalesLoft stand-in as a Flask app and a FastAPI router."""
from fastapi import APIRouter
from flask import Flask, jsonify, request

app = Flask(__name__)
router = APIRouter()


@app.get("/v2/people")
def list_people():
    return jsonify({"data": [], "metadata": {"paging": {"page": int(request.args.get("page", 1))}}})


@app.route("/v2/people/<int:person_id>", methods=["GET", "PUT"])
def person(person_id):
    return jsonify({"data": {"id": person_id}})


@router.post("/v2/cadence_memberships")
async def enroll(body: dict):
    return {"data": body}


@router.delete("/v2/notes/{note_id}")
async def delete_note(note_id: int):
    return None
