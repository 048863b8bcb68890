require "net/http"
require "rsalesloft"

class SyncJob
  def perform(person_id)
    RSalesloft.configure(api_key: ENV.fetch("SALESLOFT_API_KEY"))
    accounts = RSalesloft::Resources::Accounts.list(page: 1, per_page: 100)
    person = RSalesloft::Resources::People.fetch(person_id)
    subscribe!
    [accounts, person]
  end

  def subscribe!
    uri = URI("#{Acme::SL_BASE}/webhook_subscriptions")
    req = Net::HTTP::Post.new(uri, "Content-Type" => "application/json")
    req.body = { callback_url: "https://acme.example/hooks", event_type: "person_updated" }.to_json
    Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(req) }
  end
end
