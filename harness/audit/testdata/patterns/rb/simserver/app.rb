require "json"
require "sinatra"

# A local stand-in for the SalesLoft API: answers /v2/ requests from memory.
PEOPLE = []

get "/v2/people" do
  content_type :json
  { data: PEOPLE }.to_json
end

post "/v2/people" do
  PEOPLE << JSON.parse(request.body.read)
  status 201
  { data: PEOPLE.last }.to_json
end

before do
  halt 404 unless request.path_info.start_with?("/v2/")
end
