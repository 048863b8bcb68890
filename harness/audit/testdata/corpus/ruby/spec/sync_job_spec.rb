require "webmock/rspec"

RSpec.describe SyncJob do
  it "subscribes" do
    stub_request(:post, "https://api.salesloft.com/v2/webhook_subscriptions").to_return(status: 200)
    SyncJob.new.subscribe!
  end
end
