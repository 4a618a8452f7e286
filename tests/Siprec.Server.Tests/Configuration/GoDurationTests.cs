using Siprec.Server.Configuration;

namespace Siprec.Server.Tests.Configuration;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("30m", 1_800_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1h0m5s", 3_605_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2m30s", 150_000)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("30", 30_000)]
    public void Parses(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1d")]
    [InlineData("h")]
    [InlineData("-5s")]
    [InlineData("1h 5m")]
    [InlineData("1..5s")]
    public void RejectsInvalid(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(150_000, "2m30s")]
    [InlineData(3_605_000, "1h0m5s")]
    [InlineData(312_000, "5m12s")]
    [InlineData(500, "500ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(3_600_000, "1h0m0s")]
    [InlineData(59_000, "59s")]
    public void FormatsLikeGo(long milliseconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
