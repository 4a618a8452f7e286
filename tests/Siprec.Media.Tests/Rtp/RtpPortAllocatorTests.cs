using System.Net;
using System.Net.Sockets;
using Siprec.Media.Rtp;

namespace Siprec.Media.Tests.Rtp;

public sealed class RtpPortAllocatorTests
{
    private static RtpPortRange FreshRange(int pairs)
    {
        int first = 40000 + (Random.Shared.Next(0, 4000) * 4);
        return new RtpPortRange(first, first + (pairs * 2) - 1);
    }

    [Fact]
    public void Leases_AreEvenOddPairsInsideTheRange()
    {
        RtpPortRange range = FreshRange(4);
        var allocator = new RtpPortAllocator(range);
        using RtpPortLease lease = allocator.Allocate(IPAddress.Loopback);

        Assert.Equal(0, lease.RtpPort % 2);
        Assert.Equal(lease.RtpPort + 1, ((IPEndPoint)lease.RtcpSocket.LocalEndPoint!).Port);
        Assert.InRange(lease.RtpPort, range.Min, range.Max - 1);
    }

    [Fact]
    public void ExhaustedRange_ThrowsAndReleasedPairsAreReused()
    {
        var allocator = new RtpPortAllocator(FreshRange(2));
        RtpPortLease a = allocator.Allocate(IPAddress.Loopback);
        RtpPortLease b = allocator.Allocate(IPAddress.Loopback);

        var error = Assert.Throws<InvalidOperationException>(() => allocator.Allocate(IPAddress.Loopback));
        Assert.Contains("No free RTP port pair", error.Message, StringComparison.Ordinal);

        a.Dispose();
        using RtpPortLease c = allocator.Allocate(IPAddress.Loopback);
        Assert.Equal(2, allocator.InUse);
        b.Dispose();
        Assert.Equal(1, allocator.InUse);
    }

    [Fact]
    public void PortHeldElsewhere_IsSkipped()
    {
        RtpPortRange range = FreshRange(2);
        int firstEven = range.Min + (range.Min & 1);
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, firstEven + 1));
        var allocator = new RtpPortAllocator(range);

        using RtpPortLease lease = allocator.Allocate(IPAddress.Loopback);

        Assert.Equal(firstEven + 2, lease.RtpPort);
        Assert.Equal(1, allocator.InUse);
    }

    [Fact]
    public void LeaseDisposedTwice_IsCountedFreeOnce()
    {
        var allocator = new RtpPortAllocator(FreshRange(4));
        RtpPortLease first = allocator.Allocate(IPAddress.Loopback);
        using RtpPortLease second = allocator.Allocate(IPAddress.Loopback);

        first.Dispose();
        first.Dispose();

        Assert.Equal(1, allocator.InUse);
    }

    [Fact]
    public void ConcurrentAllocations_NeverShareAPort()
    {
        var allocator = new RtpPortAllocator(FreshRange(64));
        var leases = new RtpPortLease[32];

        Parallel.For(0, leases.Length, i => leases[i] = allocator.Allocate(IPAddress.Loopback));

        Assert.Equal(leases.Length, leases.Select(l => l.RtpPort).Distinct().Count());
        foreach (RtpPortLease lease in leases)
            lease.Dispose();
        Assert.Equal(0, allocator.InUse);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(200, 100)]
    [InlineData(1001, 1001)]
    [InlineData(60000, 70000)]
    public void InvalidRange_IsRejected(int min, int max) =>
        Assert.Throws<ArgumentException>(() => new RtpPortAllocator(new RtpPortRange(min, max)));
}
