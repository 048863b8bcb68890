using System.Net.Http;
using System.Threading.Tasks;

namespace Acme.Crm;

public class Resource
{
    private readonly HttpClient _http = new HttpClient { BaseAddress = new System.Uri("https://api.salesloft.com/v2/") };
    private readonly string _name;

    public Resource(string name) { _name = name; }

    public Task<string> List() => _http.GetStringAsync(_name);

    public Task<string> Get(long id) => _http.GetStringAsync($"{_name}/{id}");

    public Task<HttpResponseMessage> Delete(long id) => _http.DeleteAsync($"{_name}/{id}");
}

public class Client
{
    public Resource Users { get; } = new Resource("users");
    public Resource Groups { get; } = new Resource("groups");
}
