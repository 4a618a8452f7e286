using System.Globalization;

namespace Siprec.Bench.Infrastructure;

/// <summary>The kernel's UDP drop counters, read from <c>/proc/net/udp</c> and <c>/proc/net/snmp</c>.</summary>
public static class UdpCounters
{
    /// <summary>
    /// Datagrams dropped so far by the IPv4 UDP sockets bound to ports <paramref name="firstPort"/>..+<paramref name="count"/>
    /// (the <c>drops</c> column of <c>/proc/net/udp</c>: mostly a full receive buffer). Counts only sockets open now.
    /// </summary>
    public static long SocketDrops(int firstPort, int count)
    {
        long drops = 0;
        foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops
            if (fields.Length < 13)
                continue;
            var local = fields[1];
            var port = int.Parse(local[(local.IndexOf(':', StringComparison.Ordinal) + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (port >= firstPort && port < firstPort + count)
                drops += long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        return drops;
    }

    /// <summary>The machine's <c>Udp: RcvbufErrors</c> from <c>/proc/net/snmp</c> (every UDP socket of the network namespace).</summary>
    public static long ReceiveBufferErrors()
    {
        var udp = File.ReadLines("/proc/net/snmp").Where(l => l.StartsWith("Udp: ", StringComparison.Ordinal)).ToArray();
        if (udp.Length < 2)
            return 0;
        var names = udp[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = udp[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(names, "RcvbufErrors");
        return index > 0 && index < values.Length ? long.Parse(values[index], CultureInfo.InvariantCulture) : 0;
    }
}
