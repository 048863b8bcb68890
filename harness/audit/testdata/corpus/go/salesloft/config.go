package salesloft

// DefaultBaseURL is the SalesLoft API host.
const DefaultBaseURL = "https://api.salesloft.com"

// apiVersion is prefixed to every resource path.
const apiVersion = "/v2"
