Rails.application.routes.draw do
  get "/api/v2/people", to: "people#index"
  namespace :api do
    resources :cadences, only: [:index]
  end
end
