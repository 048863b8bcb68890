package endpoints

// Root is where the CRM integration sends requests.
const Root = "https://api.salesloft.com"

// TeamPath returns the team of the authenticated user.
const TeamPath = "/v2/team.json"
