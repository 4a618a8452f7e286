using Siprec.Recording.Admission;

namespace Siprec.Recording.Tests.Admission;

public sealed class NodeDrainTests
{
    [Fact]
    public void ANewNodeTakesCalls()
    {
        var drain = new NodeDrain();

        Assert.False(drain.IsDraining);
        Assert.False(drain.IsShuttingDown);
        Assert.Null(drain.RefusalReason());
    }

    [Fact]
    public void DrainRefusesUntilUndrained()
    {
        var drain = new NodeDrain();

        Assert.True(drain.Drain());
        Assert.True(drain.IsDraining);
        Assert.Equal("Draining", drain.RefusalReason());
        Assert.True(drain.Drain());
        Assert.True(drain.Undrain());
        Assert.Null(drain.RefusalReason());
        Assert.True(drain.Undrain());
        Assert.Null(drain.RefusalReason());
    }

    [Fact]
    public void ShuttingDownCannotBeUndrainedAndOverridesADrain()
    {
        var drain = new NodeDrain();
        drain.Drain();

        drain.ShutDown();

        Assert.Equal("Shutting Down", drain.RefusalReason());
        Assert.False(drain.Undrain());
        Assert.False(drain.Drain());
        Assert.True(drain.IsDraining);
        Assert.True(drain.IsShuttingDown);
        Assert.Equal("Shutting Down", drain.RefusalReason());
    }
}
