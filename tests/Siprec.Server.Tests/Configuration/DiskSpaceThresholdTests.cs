using Siprec.Server.Configuration;

namespace Siprec.Server.Tests.Configuration;

public sealed class DiskSpaceThresholdTests
{
    [Theory]
    [InlineData("1GiB", 1073741824L, null)]
    [InlineData("500MB", 500000000L, null)]
    [InlineData("2 KiB", 2048L, null)]
    [InlineData("1073741824", 1073741824L, null)]
    [InlineData("1%", null, 1.0)]
    [InlineData("12.5%", null, 12.5)]
    public void ParsesSizesAndPercentages(string text, long? bytes, double? percent)
    {
        Assert.True(DiskSpaceThreshold.TryParse(text, out var threshold));
        Assert.Equal(bytes, threshold.Bytes);
        Assert.Equal(percent, threshold.Percent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-1GB")]
    [InlineData("101%")]
    [InlineData("1XB")]
    public void RejectsOtherText(string text) => Assert.False(DiskSpaceThreshold.TryParse(text, out _));

    [Theory]
    [InlineData("1GiB", 1073741824L, 2000000000L, true)]
    [InlineData("1GiB", 1073741823L, 2000000000L, false)]
    [InlineData("10%", 100L, 1000L, true)]
    [InlineData("10%", 99L, 1000L, false)]
    public void IsMetComparesFreeSpace(string text, long free, long total, bool expected)
    {
        Assert.True(DiskSpaceThreshold.TryParse(text, out var threshold));
        Assert.Equal(expected, threshold.IsMet(free, total));
    }

    [Fact]
    public void InvalidEnvironmentValueNamesTheKey()
    {
        var dir = Directory.CreateTempSubdirectory("siprec-disk-").FullName;
        var ex = Assert.Throws<ConfigurationException>(() => SiprecConfigurationLoader.Load(
            new Dictionary<string, string> { ["HEALTH_MIN_FREE_DISK"] = "plenty" }, dir, Path.Combine(dir, "none.json")));
        Assert.Contains("HEALTH_MIN_FREE_DISK", ex.Message, StringComparison.Ordinal);
    }
}
