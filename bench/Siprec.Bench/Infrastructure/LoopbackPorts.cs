using System.Net;
using System.Net.Sockets;

namespace Siprec.Bench.Infrastructure;

/// <summary>Free ports on 127.0.0.1, chosen by the operating system.</summary>
public static class LoopbackPorts
{
    /// <summary>A port free for both UDP and TCP at the time of the call.</summary>
    public static int Free() => FreeOutside(0, 0);

    /// <summary>
    /// A port free for both UDP and TCP at the time of the call and not in <paramref name="first"/>..+<paramref name="count"/>:
    /// a port chosen now and bound later must not be one a server may lease from its RTP range meanwhile.
    /// </summary>
    public static int FreeOutside(int first, int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            if (port >= first && port < first + count)
                continue;
            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP only; ask for another.
            }
        }
        throw new InvalidOperationException("no free loopback port found in 200 attempts");
    }
}
