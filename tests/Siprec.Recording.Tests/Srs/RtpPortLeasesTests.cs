using System.Net;
using Siprec.Media.Rtp;
using Siprec.Recording.Signalling;
using Siprec.Recording.Srs;
using Siprec.Sip.Sdp;

namespace Siprec.Recording.Tests.Srs;

public sealed class RtpPortLeasesTests
{
    private readonly RtpPortAllocator _ports = new(new RtpPortRange(43000, 43099));

    [Fact]
    public void EachMLineGetsOnePortHoweverOftenItIsAsked()
    {
        var leases = new RtpPortLeases(_ports, IPAddress.Loopback);

        var first = leases.PortFor(0);
        var second = leases.PortFor(1);

        Assert.Equal(first, leases.PortFor(0));
        Assert.NotEqual(first, second);
        Assert.Equal(2, _ports.InUse);
        leases.ReleaseNew();
        Assert.Equal(0, _ports.InUse);
    }

    [Fact]
    public void AnOfferKeepsThePortsTheCallHoldsAndReleasingGivesBackOnlyNewOnes()
    {
        using var held = _ports.Allocate(IPAddress.Loopback);
        var leases = new RtpPortLeases(_ports, IPAddress.Loopback, [new SrsMLine(Stream(0), 0, held), new SrsMLine(Stream(1), -1, null)]);

        Assert.Equal(held.RtpPort, leases.PortFor(0));
        var added = leases.PortFor(1);
        Assert.NotEqual(held.RtpPort, added);
        leases.ReleaseNew();

        Assert.False(held.IsDisposed);
        Assert.True(leases.Of(1)!.IsDisposed);
        Assert.Equal(1, _ports.InUse);
    }

    [Fact]
    public void AReleasedMLineHasNoLease()
    {
        var leases = new RtpPortLeases(_ports, IPAddress.Loopback);
        leases.PortFor(0);
        var lease = leases.Of(0)!;

        leases.Release(0);

        Assert.True(lease.IsDisposed);
        Assert.Null(leases.Of(0));
    }

    private static AnsweredStream Stream(int index) =>
        new(index, "audio", (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), SdpStreamState.Recording, 0, "RTP/AVP",
            null, null, null, null, null, null, SdpDirection.SendOnly, null, null);
}
