using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Siprec.Media.Engine;
using Siprec.Media.Rtp;
using Siprec.Media.Srtp;

namespace Siprec.Media.Tests.TestSupport;

/// <summary>
/// A media session on 127.0.0.1 driven by a manual clock: the test sends real UDP datagrams, waits until the
/// stream has read them, then advances the clock.
/// </summary>
public sealed class MediaSessionHarness : IAsyncDisposable
{
    public const byte LinearPayloadType = 96;
    public const byte TelephoneEventPayloadType = 101;
    public const int PacketSamples = 160;

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly Socket _sender = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly List<long> _sent = [];
    private readonly List<IPEndPoint> _targets = [];
    private readonly RtpPortAllocator _allocator;
    private readonly Func<int, RtpAudioFormat> _format;

    private MediaSessionHarness(int streams, MediaSessionOptions? options, int decoderRate, Func<int, RtpAudioFormat>? format, Func<int, SrtpContext?>? srtp, RtpReceiveMode receiveMode)
    {
        Gate = new TestGate(Time);
        Directory = System.IO.Directory.CreateTempSubdirectory("siprec-media-").FullName;
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Engine = new MediaEngine(Time, options: new MediaEngineOptions { ReceiveMode = receiveMode });
        int first = 20000 + (Random.Shared.Next(0, 18) * 2000);
        _allocator = new RtpPortAllocator(new RtpPortRange(first, first + 1999));
        _format = format ?? (_ => new RtpAudioFormat(LinearPayloadType, "L16", 8000, () => new LinearTestDecoder(decoderRate)));
        var descriptions = new List<MediaStreamDescription>();
        for (int i = 0; i < streams; i++)
            descriptions.Add(Describe(i, srtp?.Invoke(i)));

        RecordingPath = Path.Combine(Directory, "call.wav");
        Options = options ?? new MediaSessionOptions(RecordingPath);
        Session = Engine.StartSession(Options with { RecordingPath = RecordingPath }, descriptions, Gate, Sink);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public TestGate Gate { get; }

    public CollectingAudioSink Sink { get; } = new();

    public MediaEngine Engine { get; }

    public MediaSession Session { get; }

    public MediaSessionOptions Options { get; }

    public string Directory { get; }

    public string RecordingPath { get; }

    public static MediaSessionHarness Start(
        int streams,
        MediaSessionOptions? options = null,
        int decoderRate = 8000,
        Func<int, RtpAudioFormat>? format = null,
        Func<int, SrtpContext?>? srtp = null,
        RtpReceiveMode receiveMode = RtpReceiveMode.Auto) =>
        new(streams, options, decoderRate, format, srtp, receiveMode);

    /// <summary>Binds a new port pair and describes a stream on it; the port becomes the target of stream <paramref name="index"/>.</summary>
    public MediaStreamDescription Describe(int index, SrtpContext? srtp = null)
    {
        RtpPortLease lease = _allocator.Allocate(IPAddress.Loopback);
        while (_targets.Count <= index)
        {
            _targets.Add(new IPEndPoint(IPAddress.Loopback, 0));
            _sent.Add(0);
        }

        _targets[index] = new IPEndPoint(IPAddress.Loopback, lease.RtpPort);
        _sent[index] = 0;
        return new MediaStreamDescription($"leg{index}", lease, [_format(index)], new TelephoneEventFormat(TelephoneEventPayloadType), srtp);
    }

    /// <summary>The test signal of a stream: never zero, different per stream and per sample.</summary>
    public static short Pattern(int stream, long sample) =>
        (short)(stream == 0 ? 1 + (sample % 3000) : -1 - (sample % 3000));

    public static short[] PatternBlock(int stream, long firstSample, int count = PacketSamples)
    {
        var samples = new short[count];
        for (int i = 0; i < count; i++)
            samples[i] = Pattern(stream, firstSample + i);
        return samples;
    }

    public static byte[] AudioPacket(int stream, ushort sequence, uint timestamp, long patternSample, uint ssrc = 0) =>
        RtpPacketBuilder.Build(LinearPayloadType, sequence, timestamp, ssrc == 0 ? 0x1000u + (uint)stream : ssrc, RtpPacketBuilder.Linear(PatternBlock(stream, patternSample)));

    /// <summary>The sender's address, which streams should learn (symmetric RTP).</summary>
    public IPEndPoint SenderEndPoint => (IPEndPoint)_sender.LocalEndPoint!;

    /// <summary>Sends to the RTCP port of a stream (not counted as RTP).</summary>
    public void SendRtcp(int stream, byte[] datagram) =>
        _sender.SendTo(datagram, new IPEndPoint(IPAddress.Loopback, _targets[stream].Port + 1));

    public void Send(int stream, byte[] datagram)
    {
        _sender.SendTo(datagram, _targets[stream]);
        _sent[stream]++;
    }

    /// <summary>Blocks until every stream has read every datagram sent to it.</summary>
    public void WaitForDelivery()
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (true)
        {
            IReadOnlyList<RtpStreamStats> stats = Session.GetStreamStats();
            if (stats.All(s => s.Datagrams >= _sent[s.StreamIndex]))
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Datagrams not delivered: sent {string.Join(",", _sent)}, read {string.Join(",", stats.Select(s => s.Datagrams))}.");
            Thread.Sleep(1);
        }
    }

    /// <summary>Blocks until the sink has received <paramref name="chunks"/> chunks of audio: their packets are on the timeline by then.</summary>
    public void WaitForAudio(int chunks)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (Sink.Chunks.Count < chunks)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Audio not delivered: {Sink.Chunks.Count} of {chunks} chunks.");
            Thread.Sleep(1);
        }
    }

    /// <summary>Sends the datagrams of one 20 ms step, waits for delivery, then advances the clock by 20 ms.</summary>
    public void Step(params (int Stream, byte[] Datagram)[] datagrams)
    {
        foreach ((int stream, byte[] datagram) in datagrams)
            Send(stream, datagram);
        WaitForDelivery();
        Time.Advance(TimeSpan.FromMilliseconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _sender.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
