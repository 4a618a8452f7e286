using Siprec.Media.Rtp;

namespace Siprec.Media.Tests.Rtp;

public sealed class RtpJitterEstimatorTests
{
    [Fact]
    public void SteadyArrival_HasNoJitter()
    {
        var jitter = new RtpJitterEstimator();
        for (int k = 0; k < 50; k++)
            jitter.Observe(1000 + (k * 160), (uint)(k * 160));

        Assert.Equal(0, jitter.Jitter);
    }

    [Fact]
    public void AlternatingDelay_ConvergesTowardsTheDelayVariation()
    {
        var jitter = new RtpJitterEstimator();
        for (int k = 0; k < 500; k++)
            jitter.Observe((k * 160) + (k % 2 == 0 ? 0 : 80), (uint)(k * 160));

        Assert.InRange(jitter.Jitter, 79, 80);
    }

    [Fact]
    public void OneDelayedPacket_MovesTheEstimateBySixteenth()
    {
        var jitter = new RtpJitterEstimator();
        jitter.Observe(0, 0);
        jitter.Observe(160 + 32, 160);

        Assert.Equal(2.0, jitter.Jitter);
    }
}
