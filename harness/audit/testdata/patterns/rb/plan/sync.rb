require "faraday"
require_relative "id_cache"

# Runs a SalesLoft sync plan: SalesloftApi sends requests, IdCache does not.
class SalesloftApi
  def initialize(token)
    @conn = Faraday.new(url: "https://api.salesloft.com", headers: { "Authorization" => "Bearer #{token}" })
  end

  def get(path)
    @conn.get(path).body
  end
end

def sync_plan(token)
  api = SalesloftApi.new(token)
  ids = IdCache.new
  ids.remember("/v2/people", api.get("/v2/people")["data"])
  { person: ids.get("/v2/people"), cadence: ids.get("/v2/cadences") }
end
