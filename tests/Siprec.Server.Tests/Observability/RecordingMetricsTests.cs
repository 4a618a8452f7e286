using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Siprec.Media.Codecs;
using Siprec.Media.Engine;
using Siprec.Media.Rtp;
using Siprec.Recording.Sessions;
using Siprec.Recording.Srs;
using Siprec.Server.Configuration;
using Siprec.Server.Observability;

namespace Siprec.Server.Tests.Observability;

/// <summary>The RTP counters against a real media engine receiving real datagrams on 127.0.0.1.</summary>
public sealed class RecordingMetricsTests : IAsyncDisposable
{
    private const int PacketBytes = 12 + 160;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _directory = Directory.CreateTempSubdirectory("siprec-metrics-").FullName;
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly Socket _sender = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly RtpPortAllocator _ports;
    private readonly MediaEngine _engine;
    private readonly RecordingMetrics _metrics;

    public RecordingMetricsTests()
    {
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var first = 20000 + (Random.Shared.Next(0, 18) * 2000);
        _ports = new RtpPortAllocator(new RtpPortRange(first, first + 1999));
        _engine = new MediaEngine(_clock);
        var options = new SiprecOptions();
        options.Recording.Directory = _directory;
        _metrics = new RecordingMetrics(_registry, new InMemorySessionRegistry(), _ports, _engine, options);
    }

    [Fact]
    public async Task RtpCountersAdvanceWhileTheCallRunsAndItsEndAddsNothing()
    {
        var session = StartSession("call-1", 2);
        var streams = session.GetStreamStats().Select(s => s.LocalPort).ToArray();
        Assert.Equal(0, await ValueAsync("siprec_rtp_packets_total"));

        Send(streams, sequences: 0..10);
        Assert.Equal(20, await ValueAsync("siprec_rtp_packets_total"));
        Assert.Equal(20 * PacketBytes, await ValueAsync("siprec_rtp_bytes_total"));

        Send(streams[..1], sequences: 10..15);
        Assert.Equal(25, await ValueAsync("siprec_rtp_packets_total"));

        await session.CompleteAsync();
        _metrics.CallEnded(new SrsCallSummary("call-1", SrsCallEndReason.Bye, TimeSpan.FromSeconds(1), session.GetStreamStats(), Path.Combine(_directory, "call-1.wav"), 44));

        var text = await ScrapeAsync();
        Assert.Equal(25, Value(text, "siprec_rtp_packets_total"));
        Assert.Equal(25 * PacketBytes, Value(text, "siprec_rtp_bytes_total"));
        Assert.Equal(2, Value(text, "siprec_rtp_jitter_seconds_count"));
        Assert.Equal(1, Value(text, "siprec_sessions_total{outcome=\"bye\"}"));
        Assert.Equal(1, Value(text, "siprec_recordings_written_total"));
    }

    [Fact]
    public async Task EndedAndLiveCallsAddUp()
    {
        var first = StartSession("call-1", 1);
        Send([first.GetStreamStats()[0].LocalPort], sequences: 0..7);
        await first.CompleteAsync();
        Assert.Equal(7, await ValueAsync("siprec_rtp_packets_total"));

        var second = StartSession("call-2", 1);
        Send([second.GetStreamStats()[0].LocalPort], sequences: 0..3);

        Assert.Equal(10, await ValueAsync("siprec_rtp_packets_total"));
        await second.CompleteAsync();
        Assert.Equal(10, await ValueAsync("siprec_rtp_packets_total"));
    }

    [Fact]
    public async Task LossSeenByAScrapeStaysCountedWhenALatePacketFillsTheGap()
    {
        var session = StartSession("call-1", 1);
        int[] port = [session.GetStreamStats()[0].LocalPort];
        Send(port, sequences: 0..10);
        Send(port, sequences: 11..30);
        Assert.Equal(1, await ValueAsync("siprec_rtp_packets_lost_total"));

        Send(port, sequences: 10..11);

        var text = await ScrapeAsync();
        Assert.Equal(1, Value(text, "siprec_rtp_packets_late_total"));
        Assert.Equal(1, Value(text, "siprec_rtp_packets_lost_total"));
        Assert.Equal(29, Value(text, "siprec_rtp_packets_total"));
        await session.CompleteAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _sender.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A writer may still hold a file for a moment; the OS temp cleaner gets it later.
        }
    }

    private MediaSession StartSession(string name, int streams)
    {
        var descriptions = Enumerable.Range(0, streams)
            .Select(i => new MediaStreamDescription($"leg{i}", _ports.Allocate(IPAddress.Loopback), [new RtpAudioFormat(0, "PCMU", 8000, () => new PcmuCodec())]))
            .ToList();
        return _engine.StartSession(new MediaSessionOptions(Path.Combine(_directory, name + ".wav")), descriptions, new PauseState(_clock));
    }

    /// <summary>Sends one PCMU packet per port for each sequence number, 20 ms of clock apart, and waits until every one was read.</summary>
    private void Send(int[] ports, Range sequences)
    {
        var packet = new byte[PacketBytes];
        var (start, count) = sequences.GetOffsetAndLength(ushort.MaxValue);
        var before = _engine.GetReceptionTotals();
        var sent = 0;
        for (var sequence = start; sequence < start + count; sequence++)
        {
            foreach (var port in ports)
            {
                packet[0] = 0x80;
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)sequence);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(sequence * 160));
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1000u + (uint)port);
                packet.AsSpan(12).Fill(0x55);
                _sender.SendTo(packet, new IPEndPoint(IPAddress.Loopback, port));
                sent++;
            }

            WaitForBytes(before.Bytes + ((long)sent * PacketBytes));
            _clock.Advance(TimeSpan.FromMilliseconds(20));
        }
    }

    private void WaitForBytes(long bytes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (_engine.GetReceptionTotals().Bytes < bytes)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"only {_engine.GetReceptionTotals().Bytes} of {bytes} bytes were read");
            Thread.Sleep(1);
        }
    }

    private async Task<double> ValueAsync(string series) => Value(await ScrapeAsync(), series);

    private async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double Value(string exposition, string series)
    {
        var match = Regex.Match(exposition, "(?m)^" + Regex.Escape(series) + " (\\S+)$");
        Assert.True(match.Success, "missing series " + series);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
