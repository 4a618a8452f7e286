using System.Net;
using System.Net.Sockets;

namespace Siprec.EndToEnd.Tests.Infrastructure;

public sealed class FreePortsTests
{
    [Fact]
    public void ConcurrentLeasesAreDisjointAndBindable()
    {
        using var a = FreePorts.Lease(108);
        using var b = FreePorts.Lease(108);

        Assert.True(a.Last < b.First || b.Last < a.First, $"{a.First}..{a.Last} overlaps {b.First}..{b.Last}");
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, a[0]));
        using var tcp = new TcpListener(IPAddress.Loopback, a[0]);
        tcp.Start();
        tcp.Stop();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(108)]
    public void IndexerRejectsOffsetsOutsideTheLease(int offset)
    {
        using var lease = FreePorts.Lease(108);
        Assert.Throws<ArgumentOutOfRangeException>(() => lease[offset]);
    }
}
