using Siprec.Media.Rtp;

namespace Siprec.Media.Tests.Rtp;

public sealed class SsrcLockTests
{
    [Fact]
    public void FirstPacket_LocksAndOthersAreRejected()
    {
        var ssrcLock = new SsrcLock(3);

        Assert.Equal(SsrcVerdict.Relocked, ssrcLock.Observe(1));
        Assert.Equal(SsrcVerdict.Accept, ssrcLock.Observe(1));
        Assert.Equal(SsrcVerdict.Reject, ssrcLock.Observe(2));
        Assert.Equal(SsrcVerdict.Accept, ssrcLock.Observe(1));
        Assert.Equal(1u, ssrcLock.Current);
    }

    [Fact]
    public void ConsecutivePacketsFromANewSource_SwitchTheLock()
    {
        var ssrcLock = new SsrcLock(3);
        ssrcLock.Observe(1);

        SsrcVerdict[] verdicts = [ssrcLock.Observe(2), ssrcLock.Observe(2), ssrcLock.Observe(2), ssrcLock.Observe(1)];

        Assert.Equal([SsrcVerdict.Reject, SsrcVerdict.Reject, SsrcVerdict.Relocked, SsrcVerdict.Reject], verdicts);
        Assert.Equal(2u, ssrcLock.Current);
    }

    [Fact]
    public void InterleavedSources_NeverSwitch()
    {
        var ssrcLock = new SsrcLock(3);
        ssrcLock.Observe(1);

        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(SsrcVerdict.Reject, ssrcLock.Observe(2));
            Assert.Equal(SsrcVerdict.Reject, ssrcLock.Observe(3));
        }

        Assert.Equal(1u, ssrcLock.Current);
    }

    [Fact]
    public void RequestedRelock_TakesTheNextSource()
    {
        var ssrcLock = new SsrcLock(10);
        ssrcLock.Observe(1);

        ssrcLock.RequestRelock();

        Assert.Equal(SsrcVerdict.Relocked, ssrcLock.Observe(5));
        Assert.Equal(SsrcVerdict.Reject, ssrcLock.Observe(1));
    }
}
