using System.Text.Json;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Notifications;

public sealed class EventStreamTests
{
    [Fact]
    public async Task StreamsPauseAndResumeEvents()
    {
        await using var server = await RunningServer.StartAsync();
        server.AddSession("s1");
        using var response = await server.Client.GetAsync(new Uri("/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": connected", await ReadLineAsync(reader));
        Assert.Equal(string.Empty, await ReadLineAsync(reader));

        await server.PostAsync("/api/sessions/s1/pause");
        var frame = await ReadFrameAsync(reader);
        Assert.StartsWith("id: ", frame[0], StringComparison.Ordinal);
        Assert.Equal("event: session.paused", frame[1]);
        using var data = JsonDocument.Parse(frame[2]["data: ".Length..]);
        Assert.Equal("s1", data.RootElement.GetProperty("session_id").GetString());
        Assert.Equal(frame[0]["id: ".Length..], data.RootElement.GetProperty("event_id").GetString());

        await server.PostAsync("/api/sessions/s1/resume");
        Assert.Equal("event: session.resumed", (await ReadFrameAsync(reader))[1]);
    }

    [Fact]
    public async Task StreamEndsWhenTheServerStops()
    {
        await using var server = await RunningServer.StartAsync();
        using var response = await server.Client.GetAsync(new Uri("/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": connected", await ReadLineAsync(reader));
        await server.App.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(string.Empty, await ReadLineAsync(reader));
        Assert.Null(await ReadLineAsync(reader));
    }

    [Fact]
    public async Task EventStreamRequiresKeyWhenAuthIsOn()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = ["k"];
        });
        Assert.Equal(401, (await server.GetAsync("/api/events")).Status);
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader) =>
        await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15));

    private static async Task<string[]> ReadFrameAsync(StreamReader reader)
    {
        var lines = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var line = await ReadLineAsync(reader);
            if (string.IsNullOrEmpty(line))
            {
                if (lines.Count > 0)
                {
                    return [.. lines];
                }

                continue;
            }

            if (!line.StartsWith(':'))
            {
                lines.Add(line);
            }
        }

        throw new InvalidOperationException("no complete frame");
    }
}
