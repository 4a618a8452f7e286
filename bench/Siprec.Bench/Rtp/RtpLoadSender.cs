using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Siprec.Bench.Rtp;

/// <summary>
/// Paced G.711 sender: every 20 ms tick sends one 160-byte PCMU packet to each destination port on 127.0.0.1, from
/// one socket and one thread, with the payload encoded once. The payload is a 1 kHz square wave, so every decoded
/// sample is non-zero. Per-stream sequence numbers and timestamps can be read while it runs.
/// </summary>
public sealed class RtpLoadSender : IDisposable
{
    /// <summary>Samples (and RTP timestamp units) per packet.</summary>
    public const int SamplesPerPacket = 160;

    private const int HeaderLength = 12;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);

    private readonly Socket _socket;
    private readonly SocketAddress[] _destinations;
    private readonly uint[] _timestamps;
    private readonly uint[] _firstTimestamps;
    private readonly uint[] _ssrcs;
    private readonly ushort[] _sequences;
    private readonly long[] _sent;

    /// <summary>Prepares one stream per port in <paramref name="ports"/>, sending from <paramref name="localPort"/> (0 = any).</summary>
    public RtpLoadSender(IReadOnlyList<int> ports, int localPort)
    {
        ArgumentNullException.ThrowIfNull(ports);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = 4 << 20 };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, localPort));
        _destinations = ports.Select(p => new IPEndPoint(IPAddress.Loopback, p).Serialize()).ToArray();
        _timestamps = new uint[ports.Count];
        _firstTimestamps = new uint[ports.Count];
        _ssrcs = new uint[ports.Count];
        _sequences = new ushort[ports.Count];
        _sent = new long[ports.Count];
        for (var i = 0; i < ports.Count; i++)
        {
            _ssrcs[i] = (uint)Random.Shared.Next() | 1u;
            _timestamps[i] = _firstTimestamps[i] = (uint)Random.Shared.Next();
            _sequences[i] = (ushort)Random.Shared.Next(0, 30000);
        }
    }

    /// <summary>Number of streams.</summary>
    public int Streams => _destinations.Length;

    /// <summary>RTP timestamp of the stream's first packet.</summary>
    public uint FirstTimestamp(int stream) => _firstTimestamps[stream];

    /// <summary>RTP timestamp the stream's next packet will carry; updated only after the previous send returned.</summary>
    public uint NextTimestamp(int stream) => Volatile.Read(ref _timestamps[stream]);

    /// <summary>Packets sent so far on the stream.</summary>
    public long Sent(int stream) => Volatile.Read(ref _sent[stream]);

    /// <summary>Sends for <paramref name="duration"/> (or until cancelled) on a dedicated thread.</summary>
    public Task<RtpSendSummary> RunAsync(TimeSpan duration, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(duration, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();

    private RtpSendSummary Run(TimeSpan duration, CancellationToken cancellationToken)
    {
        Span<byte> packet = stackalloc byte[HeaderLength + SamplesPerPacket];
        for (var i = 0; i < SamplesPerPacket; i++)
            packet[HeaderLength + i] = (i / 4 % 2) == 0 ? (byte)0x8F : (byte)0x0F;
        packet[0] = 0x80;
        packet[1] = 0;
        var ticks = (long)(duration / Tick);
        var started = Stopwatch.GetTimestamp();
        long packets = 0;
        long late = 0;
        for (long tick = 0; tick < ticks && !cancellationToken.IsCancellationRequested; tick++)
        {
            var due = Tick * tick;
            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
                Thread.Sleep(wait);
            else if (wait < -Tick)
                late++;
            for (var s = 0; s < _destinations.Length; s++)
            {
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
                Volatile.Write(ref _timestamps[s], timestamp + SamplesPerPacket);
                Volatile.Write(ref _sent[s], _sent[s] + 1);
                packets++;
            }
        }
        return new RtpSendSummary(_destinations.Length, packets, Stopwatch.GetElapsedTime(started), late);
    }
}
