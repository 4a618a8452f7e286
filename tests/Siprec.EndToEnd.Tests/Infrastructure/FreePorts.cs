using System.Net;
using System.Net.Sockets;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Hands out disjoint blocks of free 127.0.0.1 ports (UDP and TCP both bindable) below the Linux ephemeral range,
/// so tests in this and other processes can run servers side by side. Blocks are claimed by exclusive lock files.
/// </summary>
public static class FreePorts
{
    private const int RangeStart = 20000;
    private const int RangeEnd = 32000;
    private const int Granule = 50;
    private const int MaxAttempts = 400;

    private static string LockDirectory => Path.Combine(Path.GetTempPath(), "siprec-e2e-ports");

    /// <summary>Leases <paramref name="count"/> consecutive free ports; throws when none can be found after a bounded search.</summary>
    public static PortLease Lease(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var granules = (count + Granule - 1) / Granule;
        var slots = ((RangeEnd - RangeStart) / Granule) - granules;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(granules, slots);
        Directory.CreateDirectory(LockDirectory);
        var startSlot = Random.Shared.Next(slots);
        for (var attempt = 0; attempt < Math.Min(MaxAttempts, slots); attempt++)
        {
            var slot = (startSlot + (attempt * granules)) % slots;
            var locks = TryLock(slot, granules);
            if (locks is null)
                continue;
            var first = RangeStart + (slot * Granule);
            if (AllBindable(first, count))
                return new PortLease(first, count, locks);
            foreach (var fileLock in locks)
                fileLock.Dispose();
        }
        throw new InvalidOperationException($"no block of {count} free ports found in {RangeStart}..{RangeEnd}");
    }

    private static List<FileStream>? TryLock(int slot, int granules)
    {
        var locks = new List<FileStream>(granules);
        for (var g = slot; g < slot + granules; g++)
        {
            try
            {
                locks.Add(new FileStream(Path.Combine(LockDirectory, $"{g}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                foreach (var fileLock in locks)
                    fileLock.Dispose();
                return null;
            }
        }
        return locks;
    }

    private static bool AllBindable(int first, int count)
    {
        for (var port = first; port < first + count; port++)
        {
            if (!CanBind(port, SocketType.Dgram, ProtocolType.Udp) || !CanBind(port, SocketType.Stream, ProtocolType.Tcp))
                return false;
        }
        return true;
    }

    private static bool CanBind(int port, SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
