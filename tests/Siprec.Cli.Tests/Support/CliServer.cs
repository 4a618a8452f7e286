using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;
using Siprec.Server.Configuration;
using Siprec.Server.Hosting;

namespace Siprec.Cli.Tests.Support;

/// <summary>The real server host started in-process on 127.0.0.1 with a free port and a fake clock.</summary>
public sealed class CliServer : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2023, 12, 1, 10, 30, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private readonly string _directory;

    private CliServer(WebApplication app, FakeTimeProvider clock, string directory)
    {
        _app = app;
        _directory = directory;
        Clock = clock;
        Url = SiprecServerHost.ListeningAddress(app).AbsoluteUri.TrimEnd('/');
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>The HTTPS base URL without a trailing slash, when the server was started with a certificate.</summary>
    public string HttpsUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
        .Single(a => a.StartsWith("https://", StringComparison.Ordinal)).TrimEnd('/');

    /// <summary>Base URL without a trailing slash, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public ISessionRegistry Registry => _app.Services.GetRequiredService<ISessionRegistry>();

    public PauseResumeService PauseService => _app.Services.GetRequiredService<PauseResumeService>();

    public static async Task<CliServer> StartAsync(Action<SiprecOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "siprec-cli-tests", Guid.NewGuid().ToString("N"));
        var options = new SiprecOptions();
        options.Http.Host = "127.0.0.1";
        options.Http.Port = 0;
        options.Sip.Host = "127.0.0.1";
        options.Sip.Port = 0;
        options.Recording.Directory = Path.Combine(directory, "recordings");
        options.Logging.Level = LogLevel.Warning;
        configure?.Invoke(options);
        var clock = new FakeTimeProvider(Start);
        var app = SiprecServerHost.Build(options, clock, b => b.Logging.ClearProviders());
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new CliServer(app, clock, directory);
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

    /// <summary>The CLI arguments that point it at this server, followed by <paramref name="args"/>.</summary>
    public string[] Args(params string[] args) => ["--server", Url, .. args];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
