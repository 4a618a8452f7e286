using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests.Infrastructure;

public sealed class SteppedToneTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);

    public static TheoryData<string> Tones => new() { "rising", "falling" };

    [Theory]
    [MemberData(nameof(Tones))]
    public void EveryWindowOfTheRoundTrippedSignalNamesItsOwnSecond(string direction)
    {
        var tone = direction == "rising" ? SteppedTone.Rising(16) : SteppedTone.Falling(16);
        var received = WavAnalysis.G711RoundTrip(tone.Samples(), RtpPayloadCodec.Pcmu);

        var seconds = tone.ReadSeconds(received, Window);

        Assert.Equal(16 * 50, seconds.Count);
        for (var w = 0; w < seconds.Count; w++)
            Assert.Equal(w / 50, seconds[w]);
    }

    [Fact]
    public void ShiftedSignalIsReadAsTheSecondsItCarries()
    {
        var tone = SteppedTone.Rising(4);
        // 2.5 s of the tone starting at its second 1.5, then 0.5 s of silence.
        var samples = tone.Samples()[12000..].Concat(new short[4000]).ToArray();

        var seconds = tone.ReadSeconds(samples, Window);

        Assert.Equal(1, seconds[0]);
        Assert.Equal(2, seconds[25]);
        Assert.Equal(3, seconds[124]);
        Assert.All(seconds.Skip(125), s => Assert.Null(s));
    }

    [Fact]
    public void RisingAndFallingNeverShareAFrequencyInTheSameSecond()
    {
        var rising = SteppedTone.Rising(16).Frequencies;
        var falling = SteppedTone.Falling(16).Frequencies;

        Assert.All(Enumerable.Range(0, 16), k => Assert.NotEqual(rising[k], falling[k]));
        Assert.Equal(rising.Order(), falling.Order());
    }
}
