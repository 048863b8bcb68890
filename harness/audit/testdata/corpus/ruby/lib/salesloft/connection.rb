require "httparty"

module Acme
  module Salesloft
    # HTTParty wrapper used by the nightly jobs.
    class Connection
      include HTTParty
      base_uri "https://api.salesloft.com/v2"

      def initialize(token)
        @headers = { "Authorization" => "Bearer #{token}" }
      end

      def people(page: 1)
        self.class.get("/people.json", query: { page: page, per_page: 100 }, headers: @headers)
      end

      def person(id)
        self.class.get("/people/#{id}.json", headers: @headers)
      end

      def create_note(attrs)
        self.class.post("/notes", body: attrs.to_json, headers: @headers)
      end
    end
  end
end
