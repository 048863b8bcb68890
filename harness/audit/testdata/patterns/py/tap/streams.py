from singer_sdk.streams import RESTStream


class SalesloftBase(RESTStream):
    url_base = "https://api.salesloft.com"

    def get_url_params(self, context, next_page_token):
        return {"per_page": 100, "updated_at[gt]": next_page_token}


class TemplatesStream(SalesloftBase):
    name = "team_templates"
    path = "/v2/team_templates"


class DispositionsStream(SalesloftBase):
    name = "call_dispositions"
    path = "/v2/call_dispositions"
