defmodule Acme.CrmSync do
  @moduledoc "Talks to SalesLoft: GET /v2/people is listed here only as documentation."
  require Logger

  @base System.get_env("SALESLOFT_URL", "https://api.salesloft.com/v2")

  defp client(token) do
    Tesla.client([
      {Tesla.Middleware.BaseUrl, @base},
      {Tesla.Middleware.Headers, [{"authorization", "Bearer " <> token}]},
      Tesla.Middleware.JSON
    ])
  end

  def person(token, id), do: Tesla.get(client(token), "/people/#{id}")

  def enroll(token, person_id, cadence_id) do
    Logger.info("POST #{@base}/cadence_memberships")
    Tesla.post(client(token), "/cadence_memberships", %{person_id: person_id, cadence_id: cadence_id})
  end

  def all_accounts(token, page \\ 1) do
    {:ok, %{body: body}} = Tesla.get(client(token), "/accounts", query: [page: page, per_page: 100])
    if body["metadata"]["paging"]["next_page"], do: all_accounts(token, page + 1), else: :done
  end

  @oauth %{host: "https://accounts.salesloft.com", token_path: "/oauth/token"}

  def refresh(refresh_token) do
    HTTPoison.post(@oauth.host <> @oauth.token_path, URI.encode_query(%{refresh_token: refresh_token}))
  end

  def relay(token, method, path, body) do
    Req.request(method: method, url: @base <> path, json: body, auth: {:bearer, token})
  end

  def others do
    HTTPoison.get("https://api.pipedrive.com/v2/persons")
    Req.get!("http://localhost:4000/api/v2/people")
  end
end
