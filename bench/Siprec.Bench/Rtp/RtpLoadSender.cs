using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Siprec.Bench.Rtp;

/// <summary>
/// Paced G.711 sender: every 20 ms tick sends one 160-byte PCMU packet to each destination port on 127.0.0.1, from
/// one socket and one thread, with the payloads encoded once. In <see cref="RtpSendMode.Spread"/> the streams are spread
/// over ten 2 ms slices of the tick; in <see cref="RtpSendMode.Burst"/> they are all sent back to back at the tick's start.
/// The payload is a 1 kHz square wave, so every decoded sample is non-zero; a stream can be switched to a marker square
/// wave whose sample values the normal one never has.
/// </summary>
/// <remarks>
/// A stream's SSRC follows from its port, and its sequence number and timestamp from the time elapsed since the
/// sender's epoch, so a later run, or another sender built with the same epoch, continues the same RTP stream (after
/// a pause in sending, as with silence suppression) instead of starting a new source the receiver must re-lock on.
/// </remarks>
public sealed class RtpLoadSender : IDisposable
{
    /// <summary>Samples (and RTP timestamp units) per packet.</summary>
    public const int SamplesPerPacket = 160;

    /// <summary>PCMU byte of the normal payload's positive half; the negative half is the same with bit 7 cleared.</summary>
    public const byte NormalLevel = 0x8F;

    /// <summary>PCMU byte of the marker payload's positive half (a quieter, distinct level).</summary>
    public const byte MarkerLevel = 0xAF;

    private const int HeaderLength = 12;
    private const int SlicesPerTick = 10;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Slice = Tick / SlicesPerTick;
    private const double OverrunLimit = 1.2;
    private static readonly long TickStopwatchTicks = (long)(Stopwatch.Frequency * Tick.TotalSeconds);

    private readonly Socket _socket;
    private readonly SocketAddress[] _destinations;
    private readonly uint[] _timestamps;
    private readonly uint[] _ssrcs;
    private readonly ushort[] _sequences;
    private readonly long[] _sent;
    private readonly int[] _marked;
    private readonly long[] _markedSent;
    private readonly ushort[] _sequenceBases;
    private readonly uint[] _timestampBases;
    private readonly long _epoch;
    private readonly int _nice;

    /// <summary>
    /// Prepares one stream per port in <paramref name="ports"/>, sending from <paramref name="localPort"/> (0 = any);
    /// <paramref name="epoch"/> (a <see cref="Stopwatch"/> timestamp) is when every stream's timeline starts; the
    /// sending thread runs at nice <paramref name="nice"/> (0: as the bench).
    /// </summary>
    public RtpLoadSender(IReadOnlyList<int> ports, int localPort, long epoch, int nice = 0)
    {
        ArgumentNullException.ThrowIfNull(ports);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = 4 << 20 };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, localPort));
        _destinations = ports.Select(p => new IPEndPoint(IPAddress.Loopback, p).Serialize()).ToArray();
        _timestamps = new uint[ports.Count];
        _ssrcs = new uint[ports.Count];
        _sequences = new ushort[ports.Count];
        _sent = new long[ports.Count];
        _marked = new int[ports.Count];
        _markedSent = new long[ports.Count];
        _sequenceBases = new ushort[ports.Count];
        _timestampBases = new uint[ports.Count];
        _epoch = epoch;
        _nice = nice;
        for (var i = 0; i < ports.Count; i++)
        {
            // Multiplicative hashing of the port: distinct, stable per port, and unlike the neighbours' values.
            var hash = (uint)ports[i] * 2654435761u;
            _ssrcs[i] = hash | 1u;
            _timestampBases[i] = hash * 40503u;
            _sequenceBases[i] = (ushort)(hash >> 17);
        }
    }

    /// <summary>Number of streams.</summary>
    public int Streams => _destinations.Length;

    /// <summary>Packets sent so far on the stream.</summary>
    public long Sent(int stream) => Volatile.Read(ref _sent[stream]);

    /// <summary>From the next packet on, sends the marker payload (true) or the normal one (false) on the stream.</summary>
    public void SetMarked(int stream, bool marked) => Volatile.Write(ref _marked[stream], marked ? 1 : 0);

    /// <summary>Marker packets sent so far on the stream.</summary>
    public long MarkedSent(int stream) => Volatile.Read(ref _markedSent[stream]);

    /// <summary>Sends in <paramref name="mode"/> for <paramref name="duration"/> (or until cancelled) on a dedicated thread.</summary>
    public Task<RtpSendSummary> RunAsync(TimeSpan duration, RtpSendMode mode, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(duration, mode, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();

    private RtpSendSummary Run(TimeSpan duration, RtpSendMode mode, CancellationToken cancellationToken)
    {
        if (_nice != 0)
            ThreadPriority.SetNice(_nice);
        Span<byte> normal = stackalloc byte[HeaderLength + SamplesPerPacket];
        Span<byte> marker = stackalloc byte[HeaderLength + SamplesPerPacket];
        for (var i = 0; i < SamplesPerPacket; i++)
        {
            var positive = i / 4 % 2 == 0;
            normal[HeaderLength + i] = positive ? NormalLevel : (byte)(NormalLevel & 0x7F);
            marker[HeaderLength + i] = positive ? MarkerLevel : (byte)(MarkerLevel & 0x7F);
        }
        normal[0] = marker[0] = 0x80;
        var ticks = (long)(duration / Tick);
        var started = Stopwatch.GetTimestamp();
        var ticksSinceEpoch = (started - _epoch) / TickStopwatchTicks;
        for (var i = 0; i < _destinations.Length; i++)
        {
            _sequences[i] = (ushort)(_sequenceBases[i] + ticksSinceEpoch);
            _timestamps[i] = _timestampBases[i] + (uint)(ticksSinceEpoch * SamplesPerPacket);
        }
        var slices = mode == RtpSendMode.Burst ? 1 : SlicesPerTick;
        // A sender starved of CPU catches up late instead of skipping packets; past this point it gives up, so that a
        // run on an overloaded machine stays bounded in time (the packets never sent count nowhere).
        var giveUp = (duration * OverrunLimit) + Tick;
        long packets = 0;
        long late = 0;
        for (long tick = 0; tick < ticks && !cancellationToken.IsCancellationRequested && Stopwatch.GetElapsedTime(started) < giveUp; tick++)
        {
            var tickLate = false;
            for (var slice = 0; slice < slices; slice++)
            {
                var wait = (Tick * tick) + (Slice * slice) - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                    Thread.Sleep(wait);
                else if (wait < -Tick)
                    tickLate = true;
                for (var s = slice; s < _destinations.Length; s += slices)
                {
                    SendNext(s, normal, marker);
                    packets++;
                }
            }
            if (tickLate)
                late++;
        }
        return new RtpSendSummary(_destinations.Length, packets, Stopwatch.GetElapsedTime(started), late);
    }

    private void SendNext(int s, Span<byte> normal, Span<byte> marker)
    {
        var marked = Volatile.Read(ref _marked[s]) != 0;
        var packet = marked ? marker : normal;
        var timestamp = _timestamps[s];
        var sequence = _sequences[s];
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        packet[4] = (byte)(timestamp >> 24);
        packet[5] = (byte)(timestamp >> 16);
        packet[6] = (byte)(timestamp >> 8);
        packet[7] = (byte)timestamp;
        var ssrc = _ssrcs[s];
        packet[8] = (byte)(ssrc >> 24);
        packet[9] = (byte)(ssrc >> 16);
        packet[10] = (byte)(ssrc >> 8);
        packet[11] = (byte)ssrc;
        try
        {
            _socket.SendTo(packet, SocketFlags.None, _destinations[s]);
        }
        catch (SocketException)
        {
            // ICMP port unreachable from an earlier send (a port closed after BYE); the packet still counts as sent.
        }
        _sequences[s] = (ushort)(sequence + 1);
        _timestamps[s] = timestamp + SamplesPerPacket;
        Volatile.Write(ref _sent[s], _sent[s] + 1);
        if (marked)
            Volatile.Write(ref _markedSent[s], _markedSent[s] + 1);
    }
}
