using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Siprec.Recording.Sessions;
using Siprec.Server.Configuration;
using Siprec.Server.Hosting;
using Siprec.Server.Notifications;

namespace Siprec.Server.Tests.Support;

/// <summary>The real server host started in-process on 127.0.0.1 with a free port and a fake clock.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2023, 12, 1, 10, 30, 0, TimeSpan.Zero);

    private RunningServer(WebApplication app, SiprecOptions options, FakeTimeProvider clock, CapturingLoggerProvider logs, WebhookAttempts webhookAttempts, string directory)
    {
        App = app;
        Options = options;
        Clock = clock;
        Logs = logs;
        WebhookAttempts = webhookAttempts;
        Directory = directory;
        BaseAddress = SiprecServerHost.ListeningAddress(app);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
    }

    public WebApplication App { get; }

    public SiprecOptions Options { get; }

    public FakeTimeProvider Clock { get; }

    public CapturingLoggerProvider Logs { get; }

    public WebhookAttempts WebhookAttempts { get; }

    public string Directory { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public ISessionRegistry Registry => App.Services.GetRequiredService<ISessionRegistry>();

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<RunningServer> StartAsync(Action<SiprecOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "siprec-server-tests", Guid.NewGuid().ToString("N"));
        var options = new SiprecOptions();
        options.Http.Host = "127.0.0.1";
        options.Http.Port = 0;
        options.Sip.Host = "127.0.0.1";
        options.Sip.Port = 0;
        options.Recording.Directory = Path.Combine(directory, "recordings");
        options.Logging.Level = LogLevel.Information;
        configure?.Invoke(options);
        var clock = new FakeTimeProvider(Start);
        var logs = new CapturingLoggerProvider(clock);
        var webhookAttempts = new WebhookAttempts();
        var app = SiprecServerHost.Build(options, clock, b =>
        {
            b.Logging.AddProvider(logs);
            b.Services.AddHttpClient(WebhookHttpClient.Name).AddHttpMessageHandler(webhookAttempts.CreateHandler);
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new RunningServer(app, options, clock, logs, webhookAttempts, directory);
    }

    public RecordingSession AddSession(string callId, string? alias = null)
    {
        var session = new RecordingSession(
            callId, Clock.GetUtcNow(), Clock, alias,
            [new Participant("sip:alice@example.com", "Alice", ["1"]), new Participant("sip:bob@example.com", null, ["2"])],
            [new StreamDescription(0, "1", "audio"), new StreamDescription(1, "2", "audio")]);
        Assert.True(Registry.TryAdd(session));
        return session;
    }

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, string? body = null, string? apiKey = null, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("X-API-Key", apiKey);
        }

        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, json, response);
    }

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(string path, string? body = null, string? apiKey = null) =>
        SendAsync(HttpMethod.Post, path, body, apiKey);

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(string path, string? apiKey = null) =>
        SendAsync(HttpMethod.Get, path, null, apiKey);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await App.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
