defmodule Acme.SlReq do
  @api "https://api.salesloft.com/v2"

  defp new(token), do: Req.new(base_url: @api, auth: {:bearer, token})

  def cadences(token), do: Req.get!(new(token), url: "/cadences")

  def update_person(token, id, attrs), do: Req.put!(new(token), url: "/people/#{id}", json: attrs)

  def remove(token, kind, id), do: request(token, :delete, "/#{kind}/#{id}")

  def drop_note(token, id), do: remove(token, "notes", id)

  defp request(token, method, path), do: Req.request!(new(token), method: method, url: path)
end
