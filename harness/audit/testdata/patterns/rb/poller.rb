require "faraday"

class ResourcePoller
  ROOT = "https://api.salesloft.com/v2/".freeze

  def initialize(kind, token)
    @kind = kind
    @token = token
  end

  def poll(since)
    http.get("#{@kind}/", { "updated_at[gt]" => since }).body
  end

  private

  def http
    @http ||= Faraday.new(url: ROOT, headers: { "Authorization" => "Bearer #{@token}" })
  end
end

ResourcePoller.new("users", ENV.fetch("SL_TOKEN")).poll(Time.now)
ResourcePoller.new("notes", ENV.fetch("SL_TOKEN")).poll(Time.now)
