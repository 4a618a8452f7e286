using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Media.Codecs;
using Siprec.Media.Engine;
using Siprec.Media.Rtp;
using Siprec.Recording.Admission;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;
using Siprec.Recording.Srs;
using Siprec.Recording.Storage;
using Siprec.Recording.Tests.Support;
using Siprec.Recording.Transcription;
using Siprec.Sip;
using Siprec.Sip.Transactions;
using Siprec.Sip.Transport;

namespace Siprec.Recording.Tests.Srs;

/// <summary>A recording user agent behind a real SIP stack on 127.0.0.1, recording into a temporary folder.</summary>
internal sealed class SrsHarness : IAsyncDisposable
{
    private readonly MediaEngine _media;
    private readonly SipStack _stack;

    private SrsHarness(SrsOptions options, SessionTranscriberFactory? transcribers, ISrsCallObserver? observer, IReadOnlyList<IRecordingFinalizedSink>? finalizedSinks, ILogger<SrsUserAgent>? logger, ILogger? stackLogger, NodeAdmission? admission, RecordingDiskGuard? disk)
    {
        Options = options;
        _media = new MediaEngine(TimeProvider.System);
        Pauses = new PauseResumeService(Registry, new PauseResumeSettings(), TimeProvider.System, [], NullLogger<PauseResumeService>.Instance);
        UserAgent = new SrsUserAgent(options, Registry, Pauses, _media, new RtpPortAllocator(new RtpPortRange(42000, 42999)),
            new AudioCodecRegistry(), TimeProvider.System, logger ?? NullLogger<SrsUserAgent>.Instance,
            finalizedSinks, observer, transcribers, admission, disk);
        _stack = new SipStack(new SipTransportOptions { Host = "127.0.0.1", UdpPort = 0, TcpPort = null }, new SipTimerOptions(), UserAgent,
            loggerFactory: stackLogger is null ? null : new SingleLoggerFactory(stackLogger));
        UserAgent.Attach(_stack);
    }

    public SrsOptions Options { get; }

    public InMemorySessionRegistry Registry { get; } = new();

    public SrsUserAgent UserAgent { get; }

    public PauseResumeService Pauses { get; }

    public IPEndPoint Endpoint => _stack.UdpEndPoint!;

    public string RecordingDirectory => Options.RecordingDirectory;

    public static async Task<SrsHarness> StartAsync(
        Func<SrsOptions, SrsOptions>? configure = null,
        SessionTranscriberFactory? transcribers = null,
        ISrsCallObserver? observer = null,
        IReadOnlyList<IRecordingFinalizedSink>? finalizedSinks = null,
        ILogger<SrsUserAgent>? logger = null,
        ILogger? stackLogger = null,
        NodeAdmission? admission = null,
        Func<string, RecordingDiskGuard>? disk = null)
    {
        var options = new SrsOptions
        {
            RecordingDirectory = Directory.CreateTempSubdirectory("siprec-srs-").FullName,
            RtpBindAddress = IPAddress.Loopback,
        };
        var harness = new SrsHarness(configure?.Invoke(options) ?? options, transcribers, observer, finalizedSinks, logger, stackLogger, admission, disk?.Invoke(options.RecordingDirectory));
        await harness._stack.StartAsync();
        return harness;
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (condition())
                return true;
            await Task.Delay(25);
        }

        return condition();
    }

    public async ValueTask DisposeAsync()
    {
        await _stack.StopAsync();
        await UserAgent.DisposeAsync();
        await _media.DisposeAsync();
        Pauses.Dispose();
        Directory.Delete(Options.RecordingDirectory, recursive: true);
    }
}
