require "net/http"
require "json"

module Remotes
  class SalesloftRemote
    def refresh(refresh_token)
      Net::HTTP.post_form(URI("#{OAUTH[:host]}#{OAUTH[:token_path]}"), "grant_type" => "refresh_token", "refresh_token" => refresh_token)
    end

    def relay(verb, path, body = nil)
      http = Net::HTTP.new("api.salesloft.com", 443)
      http.use_ssl = true
      http.send_request(verb, path, body && body.to_json)
    end

    def every_step(conn)
      page = 1
      loop do
        res = conn.get("steps", page: page, per_page: 100)
        page = res.body.dig("metadata", "paging", "next_page") or break
      end
    end

    OAUTH = { host: "https://accounts.salesloft.com", token_path: "/oauth/token" }.freeze
  end
end
