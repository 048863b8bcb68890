module Acme
  SL_BASE = "https://api.salesloft.com/v2".freeze
end
