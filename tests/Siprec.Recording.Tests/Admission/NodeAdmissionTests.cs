using System.Net;
using Microsoft.Extensions.Time.Testing;
using Siprec.Media.Rtp;
using Siprec.Recording.Admission;
using Siprec.Recording.Sessions;

namespace Siprec.Recording.Tests.Admission;

public sealed class NodeAdmissionTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void EveryCheckAdmittingAdmits()
    {
        var admission = new NodeAdmission(new NodeDrain(), [new FixedCheck(null), new FixedCheck(null)]);

        Assert.Null(admission.RefusalReason());
    }

    [Fact]
    public void TheFirstRefusingCheckNamesTheReasonAndTheDrainComesFirst()
    {
        var drain = new NodeDrain();
        var admission = new NodeAdmission(drain, [new FixedCheck(null), new FixedCheck("Low Disk Space"), new FixedCheck("At Session Capacity")]);

        Assert.Equal("Low Disk Space", admission.RefusalReason());
        drain.Drain();
        Assert.Equal("Draining", admission.RefusalReason());
        Assert.Same(drain, admission.Drain);
    }

    [Fact]
    public void SessionCapacityRefusesFromTheMaximumOn()
    {
        var registry = new InMemorySessionRegistry();
        var check = new SessionCapacityCheck(registry, 2);

        registry.TryAdd(new RecordingSession("one", _clock.GetUtcNow(), _clock));
        Assert.Null(check.RefusalReason());
        registry.TryAdd(new RecordingSession("two", _clock.GetUtcNow(), _clock));
        Assert.Equal("At Session Capacity", check.RefusalReason());
        registry.TryRemove("one", out _);
        Assert.Null(check.RefusalReason());
    }

    [Fact]
    public void RtpPortsRefuseWhileEveryPairIsLeased()
    {
        var ports = new RtpPortAllocator(new RtpPortRange(47000, 47003));
        var check = new RtpPortCheck(ports);
        var leases = new List<RtpPortLease>();
        while (ports.InUse < ports.Capacity)
        {
            Assert.Null(check.RefusalReason());
            leases.Add(ports.Allocate(IPAddress.Loopback));
        }

        Assert.Equal("No RTP Port Free", check.RefusalReason());
        leases[0].Dispose();
        Assert.Null(check.RefusalReason());
        leases.Skip(1).ToList().ForEach(l => l.Dispose());
    }

    private sealed class FixedCheck(string? reason) : IAdmissionCheck
    {
        public string? RefusalReason() => reason;
    }
}
