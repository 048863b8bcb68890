require "faraday"

module Acme
  class FaradayClient
    def initialize(token)
      @conn = Faraday.new(url: Acme::SL_BASE, headers: { "Authorization" => "Bearer #{token}" })
    end

    def users
      @conn.get("users").body
    end

    def update_person(id, attrs)
      @conn.put("people/#{id}", attrs.to_json)
    end

    def leave_cadence(membership_id)
      @conn.delete "cadence_memberships/#{membership_id}"
    end
  end
end
