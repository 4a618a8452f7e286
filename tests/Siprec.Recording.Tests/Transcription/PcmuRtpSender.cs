using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Siprec.Media.Codecs;

namespace Siprec.Recording.Tests.Transcription;

/// <summary>Sends a paced PCMU tone (20 ms packets) from 127.0.0.1 to one answered RTP port per stream.</summary>
internal static class PcmuRtpSender
{
    private const int SamplesPerPacket = 160;

    /// <summary>Sends <paramref name="packets"/> packets to each port at once, stream i carrying a tone of 300·(i+1) Hz; <paramref name="onPacket"/> runs before each round.</summary>
    public static async Task SendAsync(IReadOnlyList<int> ports, int packets, Action<int>? onPacket = null)
    {
        var sockets = ports.Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)).ToList();
        try
        {
            var buffer = new byte[12 + SamplesPerPacket];
            var pcm = new short[SamplesPerPacket];
            var clock = Stopwatch.StartNew();
            for (var n = 0; n < packets; n++)
            {
                onPacket?.Invoke(n);
                for (var s = 0; s < sockets.Count; s++)
                {
                    for (var k = 0; k < SamplesPerPacket; k++)
                        pcm[k] = (short)(8000 * Math.Sin(2 * Math.PI * 300 * (s + 1) * ((n * SamplesPerPacket) + k) / 8000.0));
                    buffer[0] = 0x80;
                    buffer[1] = 0;
                    BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)n);
                    BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), (uint)(n * SamplesPerPacket));
                    BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), 0x1000u + (uint)s);
                    PcmuCodec.EncodeSamples(pcm, buffer.AsSpan(12));
                    await sockets[s].SendToAsync(buffer, new IPEndPoint(IPAddress.Loopback, ports[s]));
                }

                var due = TimeSpan.FromMilliseconds((n + 1) * 20);
                if (due > clock.Elapsed)
                    await Task.Delay(due - clock.Elapsed);
            }
        }
        finally
        {
            foreach (var socket in sockets)
                socket.Dispose();
        }
    }
}
