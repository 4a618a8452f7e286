using System.Globalization;

namespace Siprec.Bench.Infrastructure;

/// <summary>Datagrams the kernel dropped at a UDP socket because its receive buffer was full (the <c>drops</c> column of <c>/proc/net/udp</c>).</summary>
public static class UdpSocketDrops
{
    /// <summary>Drops summed over the IPv4 UDP sockets bound to local <paramref name="port"/>; null where <c>/proc/net/udp</c> is missing.</summary>
    public static long? Read(int port)
    {
        const string table = "/proc/net/udp";
        if (!File.Exists(table))
            return null;
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        long drops = 0;
        // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops.
        foreach (var line in File.ReadLines(table).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 13 && fields[1].EndsWith(hexPort, StringComparison.Ordinal)
                && long.TryParse(fields[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                drops += value;
        }
        return drops;
    }
}
