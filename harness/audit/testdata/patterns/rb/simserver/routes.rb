# Routes of a Rails app that stands in for the SalesLoft API.
Rails.application.routes.draw do
  get "/v2/people", to: "people#index"
  post "/v2/people", to: "people#create"
  namespace :v2 do
    resources :cadences, only: [:index]
  end
end
