defmodule Acme.Salesloft do
  @moduledoc """
  Tesla client for SalesLoft. See https://api.salesloft.com/v2/users in the docs.
  """
  use Tesla

  plug Tesla.Middleware.BaseUrl, "https://api.salesloft.com/v2"
  plug Tesla.Middleware.JSON

  @base_url "https://api.salesloft.com/v2"

  def list_users, do: get("/users")

  def get_cadence(id), do: get("/cadences/#{id}")

  def add_member(person_id, cadence_id) do
    post("/cadence_memberships", %{person_id: person_id, cadence_id: cadence_id})
  end

  def team(token) do
    Req.get!(@base_url <> "/team", auth: {:bearer, token})
  end

  def create_person(body, headers) do
    HTTPoison.post(@base_url <> "/people", Jason.encode!(body), headers)
  end

  def valid_signature?(body, signature, token) do
    expected = :crypto.mac(:hmac, :sha, token, body) |> Base.encode16(case: :lower)
    Plug.Crypto.secure_compare(expected, signature)
  end
end
