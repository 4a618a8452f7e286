using System.Text.Json;
using Siprec.Server.Api;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Api;

public sealed class OpenApiDocumentTests
{
    public static TheoryData<string, string> DocumentedOperations()
    {
        var data = new TheoryData<string, string>();
        using var doc = JsonDocument.Parse(OpenApiDocument.Utf8);
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                data.Add(operation.Name.ToUpperInvariant(), path.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DocumentedOperations))]
    public async Task EveryDocumentedOperationIsImplemented(string method, string path)
    {
        await using var server = await RunningServer.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path.Replace("{id}", "no-such-session", StringComparison.Ordinal), UriKind.Relative));
        if (method == "POST")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var status = (int)response.StatusCode;
        Assert.NotEqual(405, status);
        if (status == 404)
        {
            // A missing session is a 404 the route answers itself; an unknown route is "not found: <path>" or an empty body.
            var body = await response.Content.ReadAsStringAsync(cts.Token);
            Assert.Contains("session not found", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(ImplementedRoutes))]
    public void EveryImplementedRouteIsDocumented(string method, string path)
    {
        Assert.Contains((method, path), DocumentedOperations().Select(row => ((string)row[0], (string)row[1])));
    }

    public static TheoryData<string, string> ImplementedRoutes()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in ControlApi.Routes.Concat(["GET /health", "GET /health/live", "GET /health/ready", "GET /metrics", "GET /openapi.json"]))
        {
            var parts = route.Split(' ');
            data.Add(parts[0], parts[1]);
        }

        return data;
    }

    [Fact]
    public async Task DocumentIsServedAsJson()
    {
        await using var server = await RunningServer.StartAsync();
        var (status, json, response) = await server.GetAsync("/openapi.json");
        Assert.Equal(200, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("3.1.0", json.GetProperty("openapi").GetString());
    }

    [Fact]
    public async Task EventStreamTakesTheKeyFromTheQueryButOtherRoutesDoNot()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = ["k1"];
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var events = await server.Client.GetAsync(new Uri("/api/events?api_key=k1", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(200, (int)events.StatusCode);
        using var noKey = await server.Client.GetAsync(new Uri("/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(401, (int)noKey.StatusCode);
        Assert.Equal(401, (await server.GetAsync("/api/sessions?api_key=k1")).Status);
    }
}
