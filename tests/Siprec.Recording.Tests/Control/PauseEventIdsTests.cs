using Siprec.Recording.Control;

namespace Siprec.Recording.Tests.Control;

public sealed class PauseEventIdsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(500)]
    public void IdsAreDistinctVersion4GuidsEvenPastTheBlock(int count)
    {
        var ids = new PauseEventIds(count);
        var drawn = Enumerable.Range(0, count + 2).Select(_ => ids.Next()).ToList();
        Assert.Equal(drawn.Count, drawn.Distinct(StringComparer.Ordinal).Count());
        Assert.All(drawn, id =>
        {
            Assert.Matches("^[0-9a-f]{32}$", id);
            var guid = Guid.ParseExact(id, "N");
            Assert.Equal(4, guid.Version);
            Assert.Equal(0b10, guid.Variant >> 2);
        });
    }
}
